using BroadcastOperator.Operator.Channels;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>One change the executor makes to converge a session. The planner decides; the executor only applies.</summary>
public abstract record SessionAction;

public sealed record AddFinalizer : SessionAction;

public sealed record RemoveFinalizer : SessionAction;

public sealed record CreateChannel(string Name) : SessionAction;

public sealed record DeleteChannel(ChannelRecord Channel) : SessionAction;

public sealed record CreatePod(V1Pod Pod) : SessionAction;

public sealed record DeletePod(string Name) : SessionAction;

/// <summary>Creates the session's archive claim (per-session archive volumes); one already there is left as it is.</summary>
public sealed record CreateArchiveClaim(V1PersistentVolumeClaim Claim) : SessionAction;

public sealed record CreateService(V1Service Service) : SessionAction;

/// <summary>Deletes the CR itself (TTL expiry); the finalizer then tears it down.</summary>
public sealed record DeleteSession : SessionAction;

/// <summary>A Kubernetes Event on the session: what a user watching `kubectl describe bcs` wants to see.</summary>
public sealed record SessionEvent(string Type, string Reason, string Message)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public static SessionEvent Info(string reason, string message) => new(Normal, reason, message);

    public static SessionEvent Warn(string reason, string message) => new(Warning, reason, message);
}
