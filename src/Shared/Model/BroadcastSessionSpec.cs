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
    public const int DefaultMaxListeners = 500;
    public const int MaxSpeakerGracePeriodSeconds = 3600;

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
    [DefaultValue(DefaultMaxListeners), Minimum(1), Maximum(MaxListenersLimit)]
    [Description("Listeners the worker admits across all languages.")]
    public int? MaxListeners { get; set; }

    [JsonPropertyName("speakerGracePeriodSeconds")]
    [DefaultValue(30), Minimum(0), Maximum(MaxSpeakerGracePeriodSeconds)]
    [Description("How long the session waits for a speaker whose audio stopped (a lost path, a reconnecting page) before it counts the speaker as gone and closes the open phrase.")]
    public int? SpeakerGracePeriodSeconds { get; set; }

    [JsonPropertyName("ttlSeconds")]
    [DefaultValue(86400), Minimum(MinTtlSeconds), Maximum(MaxTtlSeconds)]
    [Description("The session expires this long after creation.")]
    public int? TtlSeconds { get; set; }

    [JsonPropertyName("channelProvider")]
    [DefaultValue("embedded")]
    [Description("embedded: the project's signaling service; kvs: Amazon Kinesis Video Streams.")]
    public ChannelProvider? ChannelProvider { get; set; }

    [JsonPropertyName("archive")]
    [Description("What the worker keeps of the session after it ends: timed transcripts per language and, if asked, the audio.")]
    public ArchiveSpec? Archive { get; set; }

    [JsonPropertyName("expression")]
    [Description("Whether the speaker's rate, loudness, pitch and questions are carried into the translated speech (SSML to the TTS engine). Default: enabled, intensity 1.")]
    public ExpressionSpec? Expression { get; set; }

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

/// <summary>
/// How much of the speaker's expression the translated speech carries: intensity scales every prosody delta
/// (0 = flat, 1 = as measured, 2 = doubled within the engine's limits); enabled = false gives a flat voice.
/// </summary>
public sealed class ExpressionSpec
{
    public const int MaxIntensity = 2;

    [JsonPropertyName("enabled")]
    [DefaultValue(true)]
    [Description("Carry the speaker's expression into the translated speech; false gives a flat voice.")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("intensity")]
    [DefaultValue(1.0), Minimum(0), Maximum(MaxIntensity)]
    [Description("How strongly: scales the rate, loudness and pitch differences carried (0..2, default 1).")]
    public double? Intensity { get; set; }

    [JsonIgnore]
    public bool IsEnabled => Enabled ?? true;

    [JsonIgnore]
    public double Strength => Intensity ?? 1.0;
}

/// <summary>
/// The session's archive. Absent: nothing is kept. Present: transcripts are kept unless turned off, audio only
/// for the tracks listed, and the operator removes the archive <see cref="RetentionDays"/> after the session ended.
/// </summary>
public sealed class ArchiveSpec
{
    public const int MaxRetentionDays = 3650;

    [JsonPropertyName("enabled")]
    [DefaultValue(true)]
    [Description("Keep an archive of this session.")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("audio")]
    [MaxItems(2), ListType("set")]
    [Description("Audio tracks to keep as Ogg/Opus: source (the speaker as received), translated (each language's synthesized speech). Default: none.")]
    public List<ArchiveAudioTrack>? Audio { get; set; }

    [JsonPropertyName("transcripts")]
    [DefaultValue(true)]
    [Description("Keep the final captions per language as WebVTT and SRT, and every phrase as JSON.")]
    public bool? Transcripts { get; set; }

    [JsonPropertyName("retentionDays")]
    [DefaultValue(30), Minimum(1), Maximum(MaxRetentionDays)]
    [Description("Days the archive is kept after the session ended; then the operator removes it.")]
    public int? RetentionDays { get; set; }

    [JsonIgnore]
    public bool IsEnabled => Enabled ?? true;

    [JsonIgnore]
    public bool KeepsTranscripts => IsEnabled && (Transcripts ?? true);

    [JsonIgnore]
    public bool KeepsSourceAudio => IsEnabled && Audio?.Contains(ArchiveAudioTrack.Source) == true;

    [JsonIgnore]
    public bool KeepsTranslatedAudio => IsEnabled && Audio?.Contains(ArchiveAudioTrack.Translated) == true;

    [JsonIgnore]
    public int Retention => RetentionDays ?? 30;
}
