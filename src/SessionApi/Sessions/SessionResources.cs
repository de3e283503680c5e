using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Builds the BroadcastSession a valid request asks for, and the label that finds a speaker's sessions.</summary>
public static class SessionResources
{
    /// <summary>Label holding a hash of the speaker id (label values are short and public; subjects may be neither).</summary>
    public const string SpeakerLabel = "broadcast.dev/speaker-hash";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "broadcast-sessionapi";

    public static string SpeakerLabelValue(string speakerId) => CallerIdentity.HashOf(speakerId)[..40];

    public static string SelectorFor(string speakerId) => $"{SpeakerLabel}={SpeakerLabelValue(speakerId)}";

    /// <summary>Copies the request field by field; absent optional fields stay absent so the CRD defaults apply.</summary>
    public static BroadcastSession Build(string name, string speakerId, CreateSessionRequest request, ChannelProvider provider) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string>
            {
                [SpeakerLabel] = SpeakerLabelValue(speakerId),
                [ManagedByLabel] = ManagedByValue,
            },
        },
        Spec = new BroadcastSessionSpec
        {
            SpeakerId = speakerId,
            SourceLanguage = request.SourceLanguage!,
            TargetLanguages = [.. request.TargetLanguages!],
            QualityTier = request.QualityTier switch { "premium" => QualityTier.Premium, "standard" => QualityTier.Standard, _ => null },
            Engines = request.Engines is null ? null : new SpeechEngines
            {
                Asr = EngineOf(request.Engines.Asr),
                Translation = EngineOf(request.Engines.Translation),
                Tts = EngineOf(request.Engines.Tts),
            },
            Voices = request.Voices is null ? null : new Dictionary<string, string>(request.Voices),
            TtlSeconds = request.TtlSeconds,
            MaxListeners = request.MaxListeners,
            ChannelProvider = provider,
        },
    };

    private static EngineKind? EngineOf(string? value) => value switch
    {
        "aws" => EngineKind.Aws,
        "local" => EngineKind.Local,
        _ => null,
    };
}
