namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>How browsers reach a worker's UDP media port (Operator__Worker__Media__Mode).</summary>
public enum WorkerMediaMode
{
    /// <summary>No setting: the worker binds and advertises its default address (127.0.0.1 for the local runner).</summary>
    Default,

    /// <summary>The pod uses the node's network and advertises the node's address.</summary>
    HostNetwork,

    /// <summary>A NodePort UDP Service per worker; the worker advertises node address:nodePort.</summary>
    NodePort,

    /// <summary>A LoadBalancer UDP Service per worker; the worker advertises its ingress address.</summary>
    LoadBalancer,

    /// <summary>Browsers relay through a TURN server; the worker advertises its pod IP.</summary>
    Turn,
}

public static class WorkerMediaModes
{
    public const string Names = "hostNetwork, nodePort, loadBalancer or turn";

    /// <summary>Parses the setting case-insensitively; empty is <see cref="WorkerMediaMode.Default"/>.</summary>
    public static bool TryParse(string? text, out WorkerMediaMode mode)
    {
        mode = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "" => WorkerMediaMode.Default,
            "hostnetwork" => WorkerMediaMode.HostNetwork,
            "nodeport" => WorkerMediaMode.NodePort,
            "loadbalancer" => WorkerMediaMode.LoadBalancer,
            "turn" => WorkerMediaMode.Turn,
            _ => (WorkerMediaMode)(-1),
        };
        return Enum.IsDefined(mode);
    }
}
