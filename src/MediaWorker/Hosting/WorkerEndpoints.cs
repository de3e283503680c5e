using BroadcastOperator.MediaWorker.Captions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>
/// The worker's HTTP surface: /healthz (the process answers: the Pod's liveness and the local runner's readiness),
/// /readyz (media bound and every signaling connection up, 503 until then), /metrics and the captions.
/// </summary>
public static class WorkerEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddWorkerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SessionReadyCheck>("session", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = PlainText("ok") });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = PlainText("ready") });
        endpoints.MapMetrics("/metrics");
        endpoints.MapCaptionsApi();
        return endpoints;
    }

    /// <summary>The bodies the probes and people have always read: a word when healthy, what is missing when not.</summary>
    private static Func<HttpContext, HealthReport, Task> PlainText(string healthy) => (context, report) =>
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Status == HealthStatus.Healthy
            ? healthy
            : string.Join("; ", report.Entries.Values.Select(e => e.Description).OfType<string>()));
    };

    private sealed class SessionReadyCheck(WorkerHost host) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(host.Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("waiting for signaling and media"));
    }
}
