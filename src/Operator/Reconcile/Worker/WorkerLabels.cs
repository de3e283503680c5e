namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>Labels and annotations on worker Pods and Services; the local pod runner selects on <see cref="ComponentSelector"/>.</summary>
public static class WorkerLabels
{
    public const string Component = "app.kubernetes.io/component";
    public const string ComponentValue = "media-worker";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "broadcast-operator";
    public const string Session = "broadcast.dev/session";

    /// <summary>Hash of the worker's environment; a different hash means the pod must be replaced.</summary>
    public const string ConfigHash = "broadcast.dev/config-hash";

    public const string ComponentSelector = Component + "=" + ComponentValue;
}
