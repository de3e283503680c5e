using System.Threading.RateLimiting;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// Who may join a session how often: a signed-in listener has a small budget of its own per session, and the
/// session a hall-sized one shared by all its signed-in listeners; anonymous listeners share a separate budget per
/// session. The caller's address plays no part: a hall behind one NAT is many listeners, not one.
/// </summary>
public sealed class JoinRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<JoinAttempt> _limiter;

    public JoinRateLimiter(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(PerListener(limits), PerSession(limits));
    }

    /// <summary>Takes one join from the budgets; the lease says whether it was granted and, if not, when to retry.</summary>
    public RateLimitLease TryAcquire(string sessionId, CallerIdentity caller) =>
        _limiter.AttemptAcquire(new JoinAttempt(sessionId, caller.Subject));

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private static PartitionedRateLimiter<JoinAttempt> PerListener(RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<JoinAttempt, string>(attempt => attempt.Subject is null
            ? RateLimitPartition.GetNoLimiter("anonymous")
            : RateLimitPartition.GetTokenBucketLimiter($"{attempt.SessionId}|sub:{attempt.Subject}", _ =>
                Bucket(limits.JoinsPerListenerPerWindow, limits.JoinsPerListenerPerWindow, TimeSpan.FromSeconds(limits.WindowSeconds))));

    private static PartitionedRateLimiter<JoinAttempt> PerSession(RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<JoinAttempt, string>(attempt => attempt.Subject is null
            ? RateLimitPartition.GetTokenBucketLimiter($"{attempt.SessionId}|anonymous", _ =>
                Bucket(limits.AnonymousJoinBurst, limits.AnonymousJoinsPerSecond, TimeSpan.FromSeconds(1)))
            : RateLimitPartition.GetTokenBucketLimiter($"{attempt.SessionId}|signed-in", _ =>
                Bucket(limits.SessionJoinBurst, limits.SessionJoinsPerSecond, TimeSpan.FromSeconds(1))));

    private static TokenBucketRateLimiterOptions Bucket(int burst, int tokensPerPeriod, TimeSpan period) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = tokensPerPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private readonly record struct JoinAttempt(string SessionId, string? Subject);
}
