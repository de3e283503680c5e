using BroadcastOperator.SessionApi.Kubernetes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>/healthz (the process answers) and /readyz (the Kubernetes API answers too).</summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSessionApiHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<KubernetesReadyCheck>("kubernetes", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
        return routes;
    }

    private sealed class KubernetesReadyCheck(ISessionStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.PingAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (ApiProblemException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("The Kubernetes API did not answer within 5 s");
            }
        }
    }
}
