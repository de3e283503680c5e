namespace BroadcastOperator.Operator.Options;

/// <summary>
/// Everything the operator can be told, bound from the `Operator` configuration section. Every
/// setting has a default and an environment variable (`Operator__Workers=4`,
/// `Operator__LeaderElection__LeaseDuration=00:00:30`, `Operator__Embedded__Endpoint=https://…`).
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Kubeconfig file. Default: in-cluster config when running in a pod, else ~/.kube/config. Env Operator__Kubeconfig.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Namespace to watch; empty watches all. Env Operator__WatchNamespace.</summary>
    public string WatchNamespace { get; set; } = "";

    /// <summary>Sessions reconciled at once. Default 2. Env Operator__Workers.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Every session is reconciled again this often, which notices channels deleted behind the operator's back. Default 1 min.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First retry delay after a failed reconcile; doubles per failure up to <see cref="BackoffMax"/>. Default 200 ms.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay. Default 5 min.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The server ends each watch after this long and the informer resumes it. Default 5 min.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pairs the workers can serve with local engines, as `source->target`. Default en->es, en->ca (the Debian apertium pairs).</summary>
    public List<string> ServedLanguagePairs { get; set; } = [];

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    /// <summary>The project's signaling service (channelProvider: embedded).</summary>
    public EmbeddedSignalingOptions Embedded { get; set; } = new();

    /// <summary>Amazon KVS (channelProvider: kvs).</summary>
    public KvsProviderOptions Kvs { get; set; } = new();

    public WorkerOptions Worker { get; set; } = new();

    /// <summary>The pairs when none are configured.</summary>
    public static readonly string[] DefaultServedLanguagePairs = ["en->es", "en->ca"];

    public IReadOnlyList<string> EffectiveServedLanguagePairs =>
        ServedLanguagePairs.Count > 0 ? ServedLanguagePairs : DefaultServedLanguagePairs;
}

public sealed class LeaderElectionOptions
{
    /// <summary>Off only for a single replica in development. Default on.</summary>
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "broadcast-operator";

    /// <summary>Namespace of the Lease. Default: POD_NAMESPACE, else "default".</summary>
    public string LeaseNamespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";

    /// <summary>This replica's name in the Lease. Default: host name plus a random suffix.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A standby takes over at most this long after the leader stops renewing. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class EmbeddedSignalingOptions
{
    /// <summary>Control-plane URL of src/Signaling, e.g. https://127.0.0.1:8443. Unset: the embedded provider is not configured.</summary>
    public Uri? Endpoint { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>AWS shared-credentials file the signaling service writes its operator key to. Default .local/credentials.</summary>
    public string CredentialsFile { get; set; } = ".local/credentials";

    public string Profile { get; set; } = "broadcast-local";

    /// <summary>Explicit key instead of the credentials file.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Accept the service's self-signed certificate. Development only. Default false.</summary>
    public bool InsecureSkipTlsVerify { get; set; }
}

public sealed class KvsProviderOptions
{
    /// <summary>AWS region of Amazon KVS. Unset: the kvs provider is not configured. Credentials come from the AWS SDK chain.</summary>
    public string? Region { get; set; }
}

public sealed class WorkerOptions
{
    /// <summary>Container image of the MediaWorker.</summary>
    public string Image { get; set; } = "ghcr.io/broadcast-operator/media-worker:latest";

    /// <summary>HTTP port the worker serves /healthz and captions on. Default 8080.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Passed to workers as AWS_SHARED_CREDENTIALS_FILE for signaling credentials; unset for KVS (workload identity).</summary>
    public string? SignalingCredentialsFile { get; set; }

    /// <summary>Passed to workers as AWS_PROFILE.</summary>
    public string? SignalingProfile { get; set; }

    /// <summary>
    /// A Secret in the session's namespace with the keys access-key-id and secret-access-key: workers of embedded-signaling
    /// sessions get them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (in a cluster, where there is no credentials file).
    /// </summary>
    public string? SignalingCredentialsSecret { get; set; }

    /// <summary>ServiceAccount of worker pods; it needs only get and patch on its session's status. Unset: the namespace's default. Env Operator__Worker__ServiceAccountName.</summary>
    public string? ServiceAccountName { get; set; }

    /// <summary>
    /// Absolute folder session archives go under, as {folder}/{namespace}/{session}: in a cluster the archive volume's mount
    /// path in the worker pod; under make run .local/archive (the local runner's workers run on this machine).
    /// Default /var/lib/broadcast/archive. Env Operator__Worker__ArchiveDirectory.
    /// </summary>
    public string ArchiveDirectory { get; set; } = "/var/lib/broadcast/archive";

    /// <summary>
    /// How long deleting a session that keeps an archive waits for its worker to flush it (the finalizer is held until the
    /// worker reports status.archive.complete or this passes). Default 60 s. Env Operator__Worker__ArchiveGracePeriod.
    /// </summary>
    public TimeSpan ArchiveGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>AWS mode: archives go to this S3 bucket as well (bucket unset: the archive folder only).</summary>
    public ArchiveS3Options ArchiveS3 { get; set; } = new();

    /// <summary>The volume mounted at ArchiveDirectory in an archiving worker's pod (none under make run: the folder is on this machine).</summary>
    public ArchiveVolumeOptions ArchiveVolume { get; set; } = new();

    /// <summary>How browsers reach a worker's UDP media port.</summary>
    public WorkerMediaOptions Media { get; set; } = new();

    /// <summary>CPU and memory of each worker container (Kubernetes quantities); unset values are left out.</summary>
    public WorkerResourceOptions Resources { get; set; } = new();

    /// <summary>
    /// The speaker's audio-quality thresholds every worker judges by, by name (ClippingRatio, TooQuietDbfs, NoisySnrDb,
    /// DropoutRatio, NoSignalSeconds, RaiseAfterWindows, ClearAfterWindows: <see cref="Shared.Worker.AudioQualityThresholds"/>);
    /// passed to workers as BROADCAST_AUDIO_QUALITY_*. Unset: the worker's defaults. Env Operator__Worker__AudioQuality__{Name}.
    /// </summary>
    public Dictionary<string, double> AudioQuality { get; set; } = [];
}

/// <summary>
/// Where an archiving worker's files live in a cluster. Env Operator__Worker__ArchiveVolume__Mode, …: <c>none</c> (default:
/// no volume; make run, or S3 with the pod's scratch folder), <c>shared</c> (the existing claim <see cref="ClaimName"/>,
/// ReadWriteMany, mounted in every archiving worker and in SessionApi and the operator) or <c>perSession</c> (the operator
/// creates the claim {session}-archive per archiving session, <see cref="Size"/> of <see cref="StorageClass"/>; it outlives
/// the session, as the archive does).
/// </summary>
public sealed class ArchiveVolumeOptions
{
    public const string None = "none";
    public const string Shared = "shared";
    public const string PerSession = "perSession";

    public string Mode { get; set; } = None;

    /// <summary>The shared claim's name (mode shared).</summary>
    public string ClaimName { get; set; } = "";

    /// <summary>Size of a per-session claim (a Kubernetes quantity). Default 1Gi.</summary>
    public string Size { get; set; } = "1Gi";

    /// <summary>Storage class of a per-session claim; unset: the cluster's default.</summary>
    public string? StorageClass { get; set; }
}

/// <summary>The archive bucket in AWS mode. Env Operator__Worker__ArchiveS3__Bucket, …; SessionApi reads the same bucket (Archive__S3__*).</summary>
public sealed class ArchiveS3Options
{
    /// <summary>Bucket; unset: no S3. The workers' role needs the policy of the chart README. Default unset.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Key prefix before {namespace}/{session}/. Default archive/.</summary>
    public string Prefix { get; set; } = "archive/";

    /// <summary>Region of the bucket. Default us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>AES256 (default) or aws:kms.</summary>
    public string ServerSideEncryption { get; set; } = "AES256";

    /// <summary>KMS key for aws:kms; unset: the account's default key.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>An S3-compatible endpoint instead of AWS's. Default unset.</summary>
    public string? ServiceUrl { get; set; }
}
