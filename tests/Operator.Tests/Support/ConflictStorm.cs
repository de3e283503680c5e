using BroadcastOperator.Operator.Runtime;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>What the operator's backoff allows during a storm of failures, derived from its own <see cref="Backoff"/>.</summary>
public static class ConflictStorm
{
    /// <summary>
    /// Wake-ups that bypass the backoff during a storm, each good for one extra attempt: watch events on the
    /// session (its finalizer) and its children (pod and service created, pod turned ready).
    /// </summary>
    public const int WatchTriggeredRetries = 4;

    /// <summary>
    /// The most attempts that fit in <paramref name="window"/> after a first failure when each retry waits the
    /// shortest delay the jitter allows (half the nominal one).
    /// </summary>
    public static int MaxAttempts(TimeSpan window, TimeSpan backoffBase, TimeSpan backoffMax)
    {
        var shortest = new Backoff(backoffBase, backoffMax, random: () => 0);
        var attempts = 1;
        var elapsed = TimeSpan.Zero;
        while ((elapsed += shortest.Delay(attempts)) <= window)
        {
            attempts++;
        }
        return attempts;
    }
}
