using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Runtime;
using Prometheus;

namespace BroadcastOperator.Operator.Hosting;

public static class OperatorEndpoints
{
    /// <summary>
    /// /healthz: the process answers. /readyz: a standby is ready (it can take over); the leader once
    /// its informers have synced. /metrics: Prometheus text from the operator's own registry.
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"));
        endpoints.MapGet("/readyz", IResult (LeaderElectedController election, SessionController controller) =>
            !election.IsLeader || controller.Synced
                ? TypedResults.Text(election.IsLeader ? "ok: leader" : "ok: standby")
                : TypedResults.Problem("informers have not synced yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        var metrics = endpoints.ServiceProvider.GetRequiredService<OperatorMetrics>();
        var controller = endpoints.ServiceProvider.GetRequiredService<SessionController>();
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            metrics.SetQueueDepth(controller.QueueDepth);
            metrics.SetSessionsByPhase(controller.SessionsByPhase());
        });
        endpoints.MapMetrics("/metrics", metrics.Registry);
        return endpoints;
    }
}
