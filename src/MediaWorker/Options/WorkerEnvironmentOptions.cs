using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Options;

/// <summary>
/// The worker's settings as its Pod's environment carries them, bound from configuration under the variable names of
/// the contract with the operator (<see cref="WorkerEnvironment"/>), so <c>BROADCAST_MAX_LISTENERS=50</c> binds
/// <see cref="MaxListeners"/>. Values stay as the operator writes them (lists comma-separated, channels and voices
/// JSON); an empty variable counts as unset, the way the operator writes one it has no value for.
/// <see cref="WorkerEnvironmentOptionsValidator"/> checks them at start, <see cref="WorkerSettings.From"/> turns them
/// into the settings the session runs with.
/// </summary>
public sealed class WorkerEnvironmentOptions
{
    public const string DefaultRegion = "us-east-1";
    public const string DefaultEngine = "local";
    public const int DefaultMaxListeners = 500;
    public const int DefaultHttpPort = 8080;
    public const int DefaultConsentTimeoutSeconds = 30;
    public const int DefaultSpeakerGraceSeconds = 30;
    public const int DefaultOfferLifetimeSeconds = 30;

    /// <summary>Required: the BroadcastSession this worker serves.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SessionName)]
    public string? SessionName { get; set; }

    /// <summary>Required: the session's namespace.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SessionNamespace)]
    public string? SessionNamespace { get; set; }

    /// <summary>Required: the speaker's language.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SourceLanguage)]
    public string? SourceLanguage { get; set; }

    /// <summary>Required: the languages to translate into, comma-separated.</summary>
    [ConfigurationKeyName(WorkerEnvironment.TargetLanguages)]
    public string? TargetLanguages { get; set; }

    /// <summary>Required: the speaker's channel, where the worker is a VIEWER.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SourceChannelName)]
    public string? SourceChannelName { get; set; }

    /// <summary>Required.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SourceChannelArn)]
    public string? SourceChannelArn { get; set; }

    /// <summary>Required: an absolute URL, the VIEWER endpoint of the speaker's channel.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SourceChannelWss)]
    public string? SourceChannelWss { get; set; }

    /// <summary>Required: a JSON array of <c>{language, name, arn, wss}</c>, the channels the worker is MASTER of.</summary>
    [ConfigurationKeyName(WorkerEnvironment.LanguageChannels)]
    public string? LanguageChannels { get; set; }

    /// <summary>The signaling region. Default <see cref="DefaultRegion"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.Region)]
    public string? Region { get; set; }

    /// <summary>A JSON object language → TTS voice. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.Voices)]
    public string? Voices { get; set; }

    /// <summary>Listeners admitted across all languages. Default <see cref="DefaultMaxListeners"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.MaxListeners)]
    public int? MaxListeners { get; set; }

    /// <summary>Port of /healthz, /readyz, /metrics and captions, on every interface. Default <see cref="DefaultHttpPort"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.HttpPort)]
    public int? HttpPort { get; set; }

    /// <summary>The IP address the media socket binds. Default every IPv4 interface (see <see cref="WorkerSettings.MediaEndPoint"/>).</summary>
    [ConfigurationKeyName(WorkerEnvironment.MediaAddress)]
    public string? MediaAddress { get; set; }

    /// <summary>The UDP port the media socket binds. Default 0, any free port.</summary>
    [ConfigurationKeyName(WorkerEnvironment.MediaPort)]
    public int? MediaPort { get; set; }

    /// <summary>The IP or DNS name SDP candidates carry instead of the bound address. Default none: the bound address.</summary>
    [ConfigurationKeyName(WorkerEnvironment.MediaAdvertisedAddress)]
    public string? MediaAdvertisedAddress { get; set; }

    /// <summary>The port SDP candidates carry. Default 0: the bound port.</summary>
    [ConfigurationKeyName(WorkerEnvironment.MediaAdvertisedPort)]
    public int? MediaAdvertisedPort { get; set; }

    /// <summary>
    /// <c>true</c> or <c>1</c> trusts a self-signed signaling certificate; anything else does not. Default false. A string,
    /// not a bool: the contract has always taken <c>1</c>, which the configuration binder would refuse.
    /// </summary>
    [ConfigurationKeyName(WorkerEnvironment.SignalingInsecureTls)]
    public string? SignalingInsecureTls { get; set; }

    /// <summary>The session's archive folder. Default none: nothing is archived.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveDirectory)]
    public string? ArchiveDirectory { get; set; }

    /// <summary>false keeps no captions or phrases in the archive. Default true.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveTranscripts)]
    public string? ArchiveTranscripts { get; set; }

    /// <summary>Audio tracks to archive, comma-separated: source, translated. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveAudio)]
    public string? ArchiveAudio { get; set; }

    /// <summary>Days the archive is kept, recorded in its manifest for the operator's retention. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveRetentionDays)]
    public int? ArchiveRetentionDays { get; set; }

    /// <summary>S3 bucket the archive is uploaded to (AWS mode). Default none: the folder only.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3Bucket)]
    public string? ArchiveS3Bucket { get; set; }

    /// <summary>The session's key prefix in the bucket. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3Prefix)]
    public string? ArchiveS3Prefix { get; set; }

    /// <summary>Region of the bucket. Default us-east-1.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3Region)]
    public string? ArchiveS3Region { get; set; }

    /// <summary>An S3-compatible endpoint instead of AWS's. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3Endpoint)]
    public string? ArchiveS3Endpoint { get; set; }

    /// <summary>Server-side encryption: AES256 or aws:kms. Default AES256.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3Encryption)]
    public string? ArchiveS3Encryption { get; set; }

    /// <summary>KMS key of aws:kms encryption. Default none: the account default.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ArchiveS3KmsKeyId)]
    public string? ArchiveS3KmsKeyId { get; set; }

    /// <summary>The session's speaker (spec.speakerId), recorded in the archive's manifest. Default none.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SpeakerId)]
    public string? SpeakerId { get; set; }

    /// <summary>The speaker's audio-quality thresholds (<see cref="AudioQualityThresholds"/>: defaults and ranges). Default unset: the defaults.</summary>
    [ConfigurationKeyName(WorkerEnvironment.QualityClippingRatio)]
    public double? QualityClippingRatio { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityTooQuietDbfs)]
    public double? QualityTooQuietDbfs { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityNoisySnrDb)]
    public double? QualityNoisySnrDb { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityDropoutRatio)]
    public double? QualityDropoutRatio { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityNoSignalSeconds)]
    public double? QualityNoSignalSeconds { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityRaiseAfterWindows)]
    public double? QualityRaiseAfterWindows { get; set; }

    [ConfigurationKeyName(WorkerEnvironment.QualityClearAfterWindows)]
    public double? QualityClearAfterWindows { get; set; }

    /// <summary>The quality thresholds set, by their description.</summary>
    public IEnumerable<(AudioQualityThreshold Threshold, double Value)> QualityThresholds()
    {
        var values = new[] { QualityClippingRatio, QualityTooQuietDbfs, QualityNoisySnrDb, QualityDropoutRatio, QualityNoSignalSeconds, QualityRaiseAfterWindows, QualityClearAfterWindows };
        return AudioQualityThresholds.All.Zip(values).Where(p => p.Second is not null).Select(p => (p.First, p.Second!.Value));
    }

    /// <summary>false or 0 gives a flat translated voice. Default true.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ExpressionEnabled)]
    public string? ExpressionEnabled { get; set; }

    /// <summary>Scales the carried prosody deltas, 0..2 (invariant culture). Default 1.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ExpressionIntensity)]
    public string? ExpressionIntensity { get; set; }

    /// <summary>local or aws. Default <see cref="DefaultEngine"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.AsrEngine)]
    public string? AsrEngine { get; set; }

    /// <summary>local or aws. Default <see cref="DefaultEngine"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.TranslationEngine)]
    public string? TranslationEngine { get; set; }

    /// <summary>local or aws. Default <see cref="DefaultEngine"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.TtsEngine)]
    public string? TtsEngine { get; set; }

    /// <summary>Seconds without ICE checks after which a listener is dropped. Default <see cref="DefaultConsentTimeoutSeconds"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.ConsentTimeoutSeconds)]
    public int? ConsentTimeoutSeconds { get; set; }

    /// <summary>Seconds a silent speaker is waited for before it is gone. Default <see cref="DefaultSpeakerGraceSeconds"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.SpeakerGraceSeconds)]
    public int? SpeakerGraceSeconds { get; set; }

    /// <summary>Seconds a listener's answer is kept for re-sending, at least 1. Default <see cref="DefaultOfferLifetimeSeconds"/>.</summary>
    [ConfigurationKeyName(WorkerEnvironment.OfferLifetimeSeconds)]
    public int? OfferLifetimeSeconds { get; set; }
}
