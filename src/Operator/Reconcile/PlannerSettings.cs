using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.Operator.Reconcile;

public sealed record PlannerSettings(WorkerPodSettings Worker, ILanguagePairPolicy LanguagePairs, IReadOnlySet<ChannelProvider> ConfiguredProviders)
{
    public const string Finalizer = "broadcast.dev/teardown";
    public const int DefaultTtlSeconds = 86400;

    /// <summary>How soon to look again while a channel is still being created by the provider.</summary>
    public static readonly TimeSpan PendingChannelRecheck = TimeSpan.FromSeconds(1);
}
