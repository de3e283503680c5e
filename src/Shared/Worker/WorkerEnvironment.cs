namespace BroadcastOperator.Shared.Worker;

/// <summary>
/// The environment variables that configure a MediaWorker pod: its whole contract with the operator.
/// Languages are comma-separated; the language channels are a JSON array of
/// {language, name, arn, wss, https} with the MASTER endpoints (the worker is master of those).
/// </summary>
public static class WorkerEnvironment
{
    public const string SessionName = "BROADCAST_SESSION_NAME";
    public const string SessionNamespace = "BROADCAST_SESSION_NAMESPACE";
    public const string SourceLanguage = "BROADCAST_SOURCE_LANGUAGE";
    public const string TargetLanguages = "BROADCAST_TARGET_LANGUAGES";
    public const string SourceChannelName = "BROADCAST_SOURCE_CHANNEL_NAME";
    public const string SourceChannelArn = "BROADCAST_SOURCE_CHANNEL_ARN";

    /// <summary>VIEWER endpoints: the worker joins the speaker's channel as a viewer.</summary>
    public const string SourceChannelWss = "BROADCAST_SOURCE_CHANNEL_WSS";
    public const string SourceChannelHttps = "BROADCAST_SOURCE_CHANNEL_HTTPS";
    public const string LanguageChannels = "BROADCAST_LANGUAGE_CHANNELS";
    public const string ChannelProvider = "BROADCAST_CHANNEL_PROVIDER";
    public const string Region = "BROADCAST_REGION";
    public const string QualityTier = "BROADCAST_QUALITY_TIER";
    public const string AsrEngine = "BROADCAST_ENGINE_ASR";
    public const string TranslationEngine = "BROADCAST_ENGINE_TRANSLATION";
    public const string TtsEngine = "BROADCAST_ENGINE_TTS";

    /// <summary>JSON object language → voice.</summary>
    public const string Voices = "BROADCAST_VOICES";
    public const string MaxListeners = "BROADCAST_MAX_LISTENERS";
    public const string HttpPort = "BROADCAST_HTTP_PORT";

    /// <summary>
    /// UDP port of the media socket (0 = any free port) and the address it binds (unset = 0.0.0.0, every interface, whose
    /// addresses the SDP candidates then carry, loopback last; a specific address is the only candidate).
    /// </summary>
    public const string MediaPort = "BROADCAST_MEDIA_PORT";
    public const string MediaAddress = "BROADCAST_MEDIA_ADDRESS";

    /// <summary>
    /// What SDP candidates carry when it differs from the bound address: the node, load-balancer or
    /// pod address (an IP or a DNS name), and the port (a nodePort, say; unset or 0 = the bound port).
    /// Unset: candidates carry the bound address.
    /// </summary>
    public const string MediaAdvertisedAddress = "BROADCAST_MEDIA_ADVERTISED_ADDRESS";
    public const string MediaAdvertisedPort = "BROADCAST_MEDIA_ADVERTISED_PORT";

    /// <summary>Seconds without ICE checks after which a listener is dropped (RFC 7675 consent; default 30).</summary>
    public const string ConsentTimeoutSeconds = "BROADCAST_CONSENT_TIMEOUT_SECONDS";

    /// <summary>Seconds the session holds a speaker whose audio stopped before it counts as gone (spec.speakerGracePeriodSeconds; default 30).</summary>
    public const string SpeakerGraceSeconds = "BROADCAST_SPEAKER_GRACE_SECONDS";

    /// <summary>
    /// Seconds from a listener's offer during which the worker re-sends an answer that signaling refused
    /// (throttled) and re-sends it on a new signaling connection while the listener waits (default 30).
    /// </summary>
    public const string OfferLifetimeSeconds = "BROADCAST_OFFER_LIFETIME_SECONDS";

    /// <summary>
    /// The session's archive folder (the archive volume's mount path, then namespace/session); unset: no archive. The others
    /// say what goes in it: transcripts (true/false, default true), audio (comma-separated: source, translated; default none),
    /// the retention and the speaker, written into the manifest so the archive speaks for itself once the CR is gone.
    /// </summary>
    public const string ArchiveDirectory = "BROADCAST_ARCHIVE_DIR";
    public const string ArchiveTranscripts = "BROADCAST_ARCHIVE_TRANSCRIPTS";
    public const string ArchiveAudio = "BROADCAST_ARCHIVE_AUDIO";
    public const string ArchiveRetentionDays = "BROADCAST_ARCHIVE_RETENTION_DAYS";
    public const string SpeakerId = "BROADCAST_SPEAKER_ID";

    /// <summary>
    /// AWS mode: the archive also goes to this bucket under this key prefix ({prefix}{namespace}/{session}/), multipart
    /// uploaded as the session runs, with server-side encryption (AES256 or aws:kms, then the key id); the endpoint
    /// replaces AWS's (an S3-compatible server). Unset bucket: the folder only.
    /// </summary>
    public const string ArchiveS3Bucket = "BROADCAST_ARCHIVE_S3_BUCKET";
    public const string ArchiveS3Prefix = "BROADCAST_ARCHIVE_S3_PREFIX";
    public const string ArchiveS3Region = "BROADCAST_ARCHIVE_S3_REGION";
    public const string ArchiveS3Endpoint = "BROADCAST_ARCHIVE_S3_ENDPOINT";
    public const string ArchiveS3Encryption = "BROADCAST_ARCHIVE_S3_SSE";
    public const string ArchiveS3KmsKeyId = "BROADCAST_ARCHIVE_S3_KMS_KEY_ID";

    /// <summary>spec.expression: true/false (default true) and the intensity 0..2 (default 1, invariant culture).</summary>
    public const string ExpressionEnabled = "BROADCAST_EXPRESSION_ENABLED";
    public const string ExpressionIntensity = "BROADCAST_EXPRESSION_INTENSITY";

    /// <summary>
    /// The speaker's audio-quality thresholds (the operator's Operator__Worker__AudioQuality__*, invariant culture); unset: the
    /// worker's defaults (<see cref="AudioQualityThresholds"/>).
    /// </summary>
    public const string QualityClippingRatio = "BROADCAST_AUDIO_QUALITY_CLIPPING_RATIO";
    public const string QualityTooQuietDbfs = "BROADCAST_AUDIO_QUALITY_TOO_QUIET_DBFS";
    public const string QualityNoisySnrDb = "BROADCAST_AUDIO_QUALITY_NOISY_SNR_DB";
    public const string QualityDropoutRatio = "BROADCAST_AUDIO_QUALITY_DROPOUT_RATIO";
    public const string QualityNoSignalSeconds = "BROADCAST_AUDIO_QUALITY_NO_SIGNAL_SECONDS";
    public const string QualityRaiseAfterWindows = "BROADCAST_AUDIO_QUALITY_RAISE_AFTER_WINDOWS";
    public const string QualityClearAfterWindows = "BROADCAST_AUDIO_QUALITY_CLEAR_AFTER_WINDOWS";

    /// <summary>Trust a self-signed signaling certificate (the embedded service on one machine).</summary>
    public const string SignalingInsecureTls = "BROADCAST_SIGNALING_INSECURE_TLS";

    /// <summary>Standard AWS variables: where the worker's signaling credentials come from (the SDK chain reads them).</summary>
    public const string AwsCredentialsFile = "AWS_SHARED_CREDENTIALS_FILE";
    public const string AwsProfile = "AWS_PROFILE";

    /// <summary>Standard AWS variables with the signaling keys themselves, from a Secret (in a cluster).</summary>
    public const string AwsAccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string AwsSecretAccessKey = "AWS_SECRET_ACCESS_KEY";
}
