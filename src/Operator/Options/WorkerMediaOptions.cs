namespace BroadcastOperator.Operator.Options;

/// <summary>
/// Media reachability of workers (`Operator:Worker:Media`). Mode is one of hostNetwork, nodePort,
/// loadBalancer, turn; unset keeps the worker on its default address (127.0.0.1, the local runner).
/// </summary>
public sealed class WorkerMediaOptions
{
    /// <summary>hostNetwork | nodePort | loadBalancer | turn; empty: no setting (local processes). Env Operator__Worker__Media__Mode.</summary>
    public string Mode { get; set; } = "";

    /// <summary>Address advertised in hostNetwork and nodePort modes; empty: the node's address from the downward API (status.hostIP).</summary>
    public string NodeAddress { get; set; } = "";

    /// <summary>UDP port the worker binds in the pod; the target of the media Service. 0 in hostNetwork or turn mode: any free port. Default 40000.</summary>
    public int Port { get; set; } = 40000;

    /// <summary>
    /// Annotations of the per-worker LoadBalancer Service (cloud-specific), as name/value pairs:
    /// Operator__Worker__Media__ServiceAnnotations__0__Name=service.beta.kubernetes.io/aws-load-balancer-type,
    /// …__0__Value=nlb. A list rather than a map because annotation names hold '/', which Kubernetes does
    /// not allow in environment variable names before 1.32.
    /// </summary>
    public List<ServiceAnnotationOptions> ServiceAnnotations { get; set; } = [];

    /// <summary>
    /// The TURN server browsers relay through in turn mode. SessionApi and Signaling hand it out with credentials they mint
    /// per client (their `Turn` settings); the operator only checks that one is named, and the ICE-lite worker never calls it.
    /// </summary>
    public TurnOptions Turn { get; set; } = new();
}

public sealed class TurnOptions
{
    /// <summary>turn: or turns: URLs, e.g. turn:turn.example.com:3478?transport=udp.</summary>
    public List<string> Urls { get; set; } = [];
}

public sealed class ServiceAnnotationOptions
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}
