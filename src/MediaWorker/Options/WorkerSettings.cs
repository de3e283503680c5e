using System.Net;
using BroadcastOperator.MediaWorker.Archive;
using BroadcastOperator.Shared.Worker;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.MediaWorker.Options;

/// <summary>One signaling channel the worker joins, with the endpoints of its role there.</summary>
public sealed record ChannelSettings(string Language, string Name, string Arn, Uri Wss);

/// <summary>
/// The settings the worker's session runs with, typed: made by <see cref="From"/> from the validated
/// <see cref="WorkerEnvironmentOptions"/> (the environment the operator sets on its Pod), or directly by a test.
/// </summary>
public sealed record WorkerSettings
{
    public required string SessionName { get; init; }
    public required string SessionNamespace { get; init; }
    public required string SourceLanguage { get; init; }
    public required IReadOnlyList<string> TargetLanguages { get; init; }

    /// <summary>The speaker's channel, where the worker is a VIEWER.</summary>
    public required ChannelSettings SourceChannel { get; init; }

    /// <summary>One channel per language a listener can pick (source first), where the worker is MASTER.</summary>
    public required IReadOnlyList<ChannelSettings> LanguageChannels { get; init; }
    public required string Region { get; init; }
    public required IReadOnlyDictionary<string, string> Voices { get; init; }
    public required int MaxListeners { get; init; }
    public required int HttpPort { get; init; }
    /// <summary>
    /// Where the media socket binds; by default every IPv4 interface, so the SDP answer carries each interface's address
    /// as a host candidate (loopback last). A loopback-only answer reaches no browser that gathers no loopback candidate:
    /// Firefox (nICEr) pairs a loopback remote candidate only with a loopback local one, never with its host candidates,
    /// and an ICE-lite worker sends no check from which it could learn a peer-reflexive one, so its ICE ends failed.
    /// </summary>
    public required IPEndPoint MediaEndPoint { get; init; }

    /// <summary>The IP or DNS name SDP candidates carry instead of the bound address (a node or load balancer); null: the bound address.</summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>The port SDP candidates carry (a nodePort, say); 0: the bound port.</summary>
    public int AdvertisedPort { get; init; }
    public required bool SignalingInsecureTls { get; init; }
    public required string AsrEngine { get; init; }
    public required string TranslationEngine { get; init; }
    public required string TtsEngine { get; init; }

    /// <summary>A listener that stops sending ICE checks this long is dropped and no longer counted.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a listener's offer its answer is kept: re-sent with backoff while signaling refuses
    /// it as throttled, re-sent on a new signaling connection while the listener has not connected, then
    /// given up (the listener dropped) or presumed delivered. Default 30 s.
    /// </summary>
    public TimeSpan OfferLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a speaker whose audio stopped is waited for, its phrase kept open, before it is gone (<see cref="Media.SpeakerPresence"/>).</summary>
    public TimeSpan SpeakerGracePeriod { get; init; } = TimeSpan.FromSeconds(WorkerEnvironmentOptions.DefaultSpeakerGraceSeconds);
    /// <summary>How the speaker's expression is carried into the translated speech (spec.expression).</summary>
    public ExpressionOptions Expression { get; init; } = new();

    /// <summary>Thresholds of the speaker's audio-quality checks (the AudioQuality condition and the speaker's hint).</summary>
    public AudioQualityOptions Quality { get; init; } = new();

    /// <summary>What the session keeps after it ends, and where; null: nothing.</summary>
    public ArchiveSettings? Archive { get; init; }

    /// <summary>How often the worker may write status.media; it writes only on change.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The settings from options <see cref="WorkerEnvironmentOptionsValidator"/> accepted; defaults where a variable is unset.</summary>
    public static WorkerSettings From(WorkerEnvironmentOptions options)
    {
        static string Required(string? value, string variable) =>
            EnvironmentValues.Present(value) ?? throw new InvalidOperationException($"{variable} is not set");

        var source = Required(options.SourceLanguage, WorkerEnvironment.SourceLanguage);
        var sourceWss = Required(options.SourceChannelWss, WorkerEnvironment.SourceChannelWss);
        if (!EnvironmentValues.TryParseAbsoluteUri(sourceWss, out var sourceUri))
        {
            throw new InvalidOperationException(EnvironmentValues.NoAbsoluteUrl(WorkerEnvironment.SourceChannelWss, sourceWss));
        }
        if (!EnvironmentValues.TryParseLanguageChannels(Required(options.LanguageChannels, WorkerEnvironment.LanguageChannels), out var channels, out var channelsError))
        {
            throw new InvalidOperationException(channelsError);
        }
        IReadOnlyDictionary<string, string>? voices = new Dictionary<string, string>();
        if (EnvironmentValues.Present(options.Voices) is { } voicesJson && !EnvironmentValues.TryParseVoices(voicesJson, out voices, out var voicesError))
        {
            throw new InvalidOperationException(voicesError);
        }
        var mediaAddress = EnvironmentValues.Present(options.MediaAddress) is { } address ? IPAddress.Parse(address) : IPAddress.Any; // every interface: see MediaEndPoint
        return new WorkerSettings
        {
            SessionName = Required(options.SessionName, WorkerEnvironment.SessionName),
            SessionNamespace = Required(options.SessionNamespace, WorkerEnvironment.SessionNamespace),
            SourceLanguage = source,
            TargetLanguages = EnvironmentValues.SplitList(Required(options.TargetLanguages, WorkerEnvironment.TargetLanguages)),
            SourceChannel = new ChannelSettings(source, Required(options.SourceChannelName, WorkerEnvironment.SourceChannelName),
                Required(options.SourceChannelArn, WorkerEnvironment.SourceChannelArn), sourceUri),
            LanguageChannels = channels,
            Region = EnvironmentValues.Present(options.Region) ?? WorkerEnvironmentOptions.DefaultRegion,
            Voices = voices,
            MaxListeners = options.MaxListeners ?? WorkerEnvironmentOptions.DefaultMaxListeners,
            HttpPort = options.HttpPort ?? WorkerEnvironmentOptions.DefaultHttpPort,
            MediaEndPoint = new IPEndPoint(mediaAddress, options.MediaPort ?? 0),
            AdvertisedAddress = EnvironmentValues.Present(options.MediaAdvertisedAddress),
            AdvertisedPort = options.MediaAdvertisedPort ?? 0,
            SignalingInsecureTls = options.SignalingInsecureTls is "true" or "1",
            AsrEngine = options.AsrEngine ?? WorkerEnvironmentOptions.DefaultEngine,
            TranslationEngine = options.TranslationEngine ?? WorkerEnvironmentOptions.DefaultEngine,
            TtsEngine = options.TtsEngine ?? WorkerEnvironmentOptions.DefaultEngine,
            ConsentTimeout = TimeSpan.FromSeconds(options.ConsentTimeoutSeconds ?? WorkerEnvironmentOptions.DefaultConsentTimeoutSeconds),
            OfferLifetime = TimeSpan.FromSeconds(options.OfferLifetimeSeconds ?? WorkerEnvironmentOptions.DefaultOfferLifetimeSeconds),
            SpeakerGracePeriod = TimeSpan.FromSeconds(options.SpeakerGraceSeconds ?? WorkerEnvironmentOptions.DefaultSpeakerGraceSeconds),
            Archive = ArchiveFrom(options),
            Quality = QualityFrom(options),
            Expression = new ExpressionOptions
            {
                Enabled = options.ExpressionEnabled is not ("false" or "0"),
                Intensity = EnvironmentValues.Present(options.ExpressionIntensity) is { } intensity
                    ? double.Parse(intensity, System.Globalization.CultureInfo.InvariantCulture)
                    : 1,
            },
        };
    }

    private static AudioQualityOptions QualityFrom(WorkerEnvironmentOptions options)
    {
        var set = options.QualityThresholds().ToDictionary(t => t.Threshold, t => t.Value);
        double Value(AudioQualityThreshold threshold) => set.GetValueOrDefault(threshold, threshold.Default);
        return new AudioQualityOptions
        {
            ClippingRatio = Value(AudioQualityThresholds.ClippingRatio),
            TooQuietSpeechDbfs = Value(AudioQualityThresholds.TooQuietDbfs),
            NoisySnrDb = Value(AudioQualityThresholds.NoisySnrDb),
            DropoutRatio = Value(AudioQualityThresholds.DropoutRatio),
            LongSilence = TimeSpan.FromSeconds(Value(AudioQualityThresholds.NoSignalSeconds)),
            RaiseAfterWindows = (int)Value(AudioQualityThresholds.RaiseAfterWindows),
            ClearAfterWindows = (int)Value(AudioQualityThresholds.ClearAfterWindows),
        };
    }

    private static ArchiveSettings? ArchiveFrom(WorkerEnvironmentOptions options)
    {
        if (EnvironmentValues.Present(options.ArchiveDirectory) is not { } directory)
        {
            return null;
        }
        var audio = EnvironmentValues.Present(options.ArchiveAudio) is { } list ? EnvironmentValues.SplitList(list) : [];
        return new ArchiveSettings
        {
            Directory = directory,
            Transcripts = options.ArchiveTranscripts is not ("false" or "0"),
            SourceAudio = audio.Contains("source"),
            TranslatedAudio = audio.Contains("translated"),
            RetentionDays = options.ArchiveRetentionDays,
            SpeakerId = EnvironmentValues.Present(options.SpeakerId),
            S3 = EnvironmentValues.Present(options.ArchiveS3Bucket) is { } bucket
                ? new Archive.S3.ArchiveS3Settings(bucket, EnvironmentValues.Present(options.ArchiveS3Prefix) ?? "",
                    EnvironmentValues.Present(options.ArchiveS3Region) ?? "us-east-1")
                {
                    ServiceUrl = EnvironmentValues.Present(options.ArchiveS3Endpoint),
                    ServerSideEncryption = EnvironmentValues.Present(options.ArchiveS3Encryption) ?? "AES256",
                    KmsKeyId = EnvironmentValues.Present(options.ArchiveS3KmsKeyId),
                }
                : null,
        };
    }
}
