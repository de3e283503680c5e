namespace BroadcastOperator.Operator.Reconcile;

/// <summary>What the planner needs to know about how workers run here.</summary>
public sealed record WorkerSettings(
    string Image,
    int HttpPort,
    string EmbeddedRegion,
    string? KvsRegion,
    string? SignalingCredentialsFile,
    string? SignalingProfile,
    bool SignalingInsecureTls = false);
