using System.Threading.RateLimiting;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>
/// Fixed-window limits per caller (JWT subject, or address) on create; joins have budgets per session and per listener
/// instead (<see cref="JoinRateLimiter"/>).
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddSessionApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SessionsApi.CreateRateLimit, context => Partition(context, SessionsApi.CreateRateLimit, o => o.CreatePerWindow));
            limiter.OnRejected = RejectAsync;
        });
        services.AddSingleton<JoinRateLimiter>();
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, Func<RateLimitOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var caller = CallerIdentity.From(context.User).Subject is { } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : TimeSpan.FromSeconds(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.WindowSeconds);
        await TooManyRequests.Result(context, retryAfter).ExecuteAsync(context);
    }
}
