using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>
/// The operator's settings for worker Pods: what the planner needs to know about how workers run here,
/// resolved once from the validated `Operator:Worker` options (<see cref="Options.WorkerOptions"/>) by
/// <c>OperatorHost.CreateWorkerPodSettings</c>. Not the worker's own settings: the MediaWorker reads those from
/// the environment that <see cref="WorkerResources.Environment"/> builds from these.
/// </summary>
public sealed record WorkerPodSettings(
    string Image,
    int HttpPort,
    string EmbeddedRegion,
    string? KvsRegion,
    string? SignalingCredentialsFile,
    string? SignalingProfile,
    bool SignalingInsecureTls = false)
{
    /// <summary>The worker pod's ServiceAccount; null: the namespace's default.</summary>
    public string? ServiceAccountName { get; init; }

    /// <summary>Requests and limits of the worker container; null: none.</summary>
    public V1ResourceRequirements? Resources { get; init; }

    public WorkerMedia Media { get; init; } = WorkerMedia.Default;

    /// <summary>Folder the session archives go under ({folder}/{namespace}/{session}).</summary>
    public string ArchiveDirectory { get; init; } = "/var/lib/broadcast/archive";

    /// <summary>
    /// How long deleting an archiving session waits for its worker to flush the archive; also the worker pod's
    /// terminationGracePeriodSeconds then, so the kubelet does not kill it first.
    /// </summary>
    public TimeSpan ArchiveGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The volume mounted at <see cref="ArchiveDirectory"/> in an archiving worker's pod; null: none (make run).</summary>
    public ArchiveVolume? ArchiveVolume { get; init; }

    /// <summary>AWS mode: the bucket archives are uploaded to; null: the archive folder only.</summary>
    public ArchiveS3Target? ArchiveS3 { get; init; }

    /// <summary>Secret with the signaling keys for workers of embedded-signaling sessions; null: none.</summary>
    public string? SignalingCredentialsSecret { get; init; }

    /// <summary>Audio-quality thresholds set for every worker, by setting name (<see cref="Shared.Worker.AudioQualityThresholds"/>); empty: the worker's defaults.</summary>
    public IReadOnlyDictionary<string, double> AudioQuality { get; init; } = new Dictionary<string, double>();
}

/// <summary>The archive bucket (Operator__Worker__ArchiveS3__*): each session's files go under {Prefix}{namespace}/{session}/.</summary>
public sealed record ArchiveS3Target(string Bucket, string Prefix, string Region, string ServerSideEncryption, string? KmsKeyId, string? ServiceUrl);

/// <summary>
/// The archive volume of archiving workers (Operator__Worker__ArchiveVolume__*): one shared claim (<paramref name="SharedClaim"/>
/// set) or a claim per session that the operator creates (<paramref name="SharedClaim"/> null) of <paramref name="Size"/>.
/// </summary>
public sealed record ArchiveVolume(string? SharedClaim, string Size, string? StorageClass);
