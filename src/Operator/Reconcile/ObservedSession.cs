using BroadcastOperator.Operator.Channels;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>What exists now for one session: its channels (by name prefix), its worker Pod and Service.</summary>
public sealed record ObservedSession(IReadOnlyList<ChannelRecord> Channels, V1Pod? Pod, V1Service? Service)
{
    public static readonly ObservedSession Nothing = new([], null, null);
}
