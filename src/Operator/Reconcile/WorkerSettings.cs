using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>What the planner needs to know about how workers run here.</summary>
public sealed record WorkerSettings(
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

    /// <summary>Secret with the signaling keys for workers of embedded-signaling sessions; null: none.</summary>
    public string? SignalingCredentialsSecret { get; init; }
}
