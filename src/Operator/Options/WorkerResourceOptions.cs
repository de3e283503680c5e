namespace BroadcastOperator.Operator.Options;

/// <summary>The worker container's resources (`Operator:Worker:Resources:Requests:Cpu`, …), Kubernetes quantities such as 500m or 1Gi.</summary>
public sealed class WorkerResourceOptions
{
    public ResourceAmounts Requests { get; set; } = new();

    public ResourceAmounts Limits { get; set; } = new();
}

public sealed class ResourceAmounts
{
    /// <summary>CPU quantity, e.g. 500m or 2; empty: not set.</summary>
    public string Cpu { get; set; } = "";

    /// <summary>Memory quantity, e.g. 256Mi or 1Gi; empty: not set.</summary>
    public string Memory { get; set; } = "";
}
