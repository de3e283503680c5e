namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>Media reachability settings the planner applies to every worker.</summary>
/// <param name="NodeAddress">Advertised in hostNetwork and nodePort modes; null: the downward API's status.hostIP.</param>
/// <param name="Port">UDP port bound in the pod (0: any free port; nodePort and loadBalancer need a fixed one).</param>
/// <param name="ServiceAnnotations">Annotations of the LoadBalancer Service.</param>
public sealed record WorkerMedia(WorkerMediaMode Mode, string? NodeAddress, int Port, IReadOnlyDictionary<string, string> ServiceAnnotations)
{
    public static readonly WorkerMedia Default = new(WorkerMediaMode.Default, null, 0, new Dictionary<string, string>());
}
