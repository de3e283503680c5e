using System.Threading.RateLimiting;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Hosting;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>Refuses a join past its budgets (<see cref="JoinRateLimiter"/>) with 429, Retry-After and a problem body.</summary>
public sealed class JoinRateLimitFilter(JoinRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sessionId = http.GetRouteValue("id") as string ?? "";
        using var lease = limiter.TryAcquire(sessionId, CallerIdentity.From(http.User));
        if (lease.IsAcquired)
        {
            return await next(context);
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return TooManyRequests.Result(http, retryAfter);
    }
}
