using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Captions;

/// <summary>
/// GET /sessions/{id}/captions?language=xx&amp;expires=…&amp;ticket=…: the worker's captions stream relayed to the
/// browser. The worker is cluster-internal; this is the one place clients reach it, with a ticket from the join.
/// </summary>
public static class CaptionsApi
{
    public static IEndpointRouteBuilder MapCaptionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{id}/captions", RelayAsync).AllowAnonymous().WithTags("Captions").WithName("StreamCaptions");
        return routes;
    }

    private static async Task RelayAsync(HttpContext context, string id, string? language, long? expires, string? ticket,
        CaptionTickets tickets, ISessionStore store, CaptionsRelay relay, IOptions<SessionApiOptions> options)
    {
        if (language is null || expires is null || !tickets.IsValid(id, language, expires.Value, ticket))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Captions ticket not valid",
                detail: "Open captions with the captionsUrl of a join or speaker-credentials answer; tickets expire, join again for a new one")
                .ExecuteAsync(context);
            return;
        }
        var session = await SessionAccess.FindAsync(store, id, context.RequestAborted);
        if (session is null)
        {
            await SessionAccess.NotFound(id).ExecuteAsync(context);
            return;
        }
        await relay.RelayAsync(context, WorkerCaptionsUrls.For(session, language, options.Value));
    }
}
