using System.ComponentModel;
using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Model;

/// <summary>What the session should be. Set by SessionApi or written directly with kubectl.</summary>
public sealed class BroadcastSessionSpec
{
    /// <summary>BCP-47 primary tag with an optional region: en, es, ca, pt-BR.</summary>
    public const string LanguagePattern = "^[a-z]{2,3}(-[A-Z]{2})?$";
    public const int MaxTargetLanguages = 16;
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 7 * 24 * 3600;
    public const int MaxListenersLimit = 100_000;

    [JsonPropertyName("speakerId")]
    [Required, MinLength(1), MaxLength(256)]
    [Description("Who may speak: the JWT subject of the speaker, set by SessionApi.")]
    public string SpeakerId { get; set; } = "";

    [JsonPropertyName("sourceLanguage")]
    [Required, Pattern(LanguagePattern)]
    [Description("Language the speaker talks, always served to listeners as passthrough.")]
    public string SourceLanguage { get; set; } = "";

    [JsonPropertyName("targetLanguages")]
    [Required, MinItems(1), MaxItems(MaxTargetLanguages), ListType("set"), ItemsPattern(LanguagePattern)]
    [Description("Languages the speaker is translated into (1 to 16, unique).")]
    public List<string> TargetLanguages { get; set; } = [];

    [JsonPropertyName("qualityTier")]
    [DefaultValue("standard")]
    [Description("standard uses the embedded engines; premium uses cloud engines where configured.")]
    public QualityTier? QualityTier { get; set; }

    [JsonPropertyName("engines")]
    [Description("Engine per stage: local (embedded) or aws.")]
    public SpeechEngines? Engines { get; set; }

    [JsonPropertyName("voices")]
    [Description("Optional text-to-speech voice per language.")]
    public Dictionary<string, string>? Voices { get; set; }

    [JsonPropertyName("maxListeners")]
    [DefaultValue(500), Minimum(1), Maximum(MaxListenersLimit)]
    [Description("Listeners the worker admits across all languages.")]
    public int? MaxListeners { get; set; }

    [JsonPropertyName("ttlSeconds")]
    [DefaultValue(86400), Minimum(MinTtlSeconds), Maximum(MaxTtlSeconds)]
    [Description("The session expires this long after creation.")]
    public int? TtlSeconds { get; set; }

    [JsonPropertyName("channelProvider")]
    [DefaultValue("embedded")]
    [Description("embedded: the project's signaling service; kvs: Amazon Kinesis Video Streams.")]
    public ChannelProvider? ChannelProvider { get; set; }

    /// <summary>Every language a listener can pick: the source first, then the targets.</summary>
    [JsonIgnore]
    public IEnumerable<string> ServedLanguages => new[] { SourceLanguage }.Concat(TargetLanguages.Where(l => l != SourceLanguage));
}

/// <summary>Which engine serves each stage of the speech pipeline.</summary>
public sealed class SpeechEngines
{
    [JsonPropertyName("asr")]
    [DefaultValue("local")]
    public EngineKind? Asr { get; set; }

    [JsonPropertyName("translation")]
    [DefaultValue("local")]
    public EngineKind? Translation { get; set; }

    [JsonPropertyName("tts")]
    [DefaultValue("local")]
    public EngineKind? Tts { get; set; }
}
