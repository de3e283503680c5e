using BroadcastOperator.Operator.Channels;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>What exists now for one session: its channels (by name prefix), its worker Pod, Service and media Service.</summary>
public sealed record ObservedSession(IReadOnlyList<ChannelRecord> Channels, V1Pod? Pod, V1Service? Service, V1Service? MediaService = null)
{
    public static readonly ObservedSession Nothing = new([], null, null);
}
