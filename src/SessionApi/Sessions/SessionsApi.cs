using BroadcastOperator.SessionApi.Archive;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Create, read, list and delete sessions: POST/GET /sessions, GET/DELETE /sessions/{id}.</summary>
public static class SessionsApi
{
    public const string CreateRateLimit = "create";
    private const int NameAttempts = 8;

    private static readonly Counter Created = Prometheus.Metrics.CreateCounter("sessionapi_sessions_created_total", "Sessions created");

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.SpeakerPolicy).RequireRateLimiting(CreateRateLimit)
            .Accepts<CreateSessionRequest>("application/json").WithName("CreateSession");
        sessions.MapGet("/", ListAsync).RequireAuthorization().WithName("ListSessions");
        sessions.MapGet("/{id}", GetAsync).AllowAnonymous().WithName("GetSession");
        sessions.MapDelete("/{id}", DeleteAsync).RequireAuthorization().WithName("DeleteSession");
        return routes;
    }

    private static async Task<Results<Created<SessionView>, ValidationProblem>> CreateAsync(HttpRequest request, ISessionStore store,
        CreateSessionValidator validator, IOptions<SessionApiOptions> options, ILogger<CreateSessionRequest> logger, CancellationToken cancellationToken)
    {
        var body = await RequestBodyReader.ReadAsync<CreateSessionRequest>(request, cancellationToken);
        if (body.Errors is not null)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }
        var errors = validator.Validate(body.Value!);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The session request is invalid");
        }
        var speaker = CallerIdentity.From(request.HttpContext.User).Subject!;
        for (var attempt = 0; attempt < NameAttempts; attempt++)
        {
            var name = SessionNames.Next();
            var created = await store.TryCreateAsync(SessionResources.Build(name, speaker, body.Value!, options.Value.ChannelProvider), cancellationToken);
            if (created is null)
            {
                SessionApiLog.NameTaken(logger, name);
                continue;
            }
            Created.Inc();
            using (logger.BeginScope(new Dictionary<string, object> { ["session"] = name }))
            {
                SessionApiLog.SessionCreated(logger, SessionResources.SpeakerLabelValue(speaker), created.Spec.SourceLanguage,
                    string.Join(",", created.Spec.TargetLanguages));
            }
            return TypedResults.Created($"/sessions/{name}", SessionViews.From(created));
        }
        throw new ApiProblemException(StatusCodes.Status409Conflict, "No free session name",
            $"{NameAttempts} generated session names were all taken; try again");
    }

    /// <summary>The caller's sessions: live ones (the CRs), or with <c>state=ended</c> past ones (the archive index).</summary>
    private static async Task<Results<Ok<SessionView[]>, Ok<EndedSessionView[]>, ValidationProblem>> ListAsync(string? state, HttpContext context,
        ISessionStore store, IArchiveStore archives, IOptions<SessionApiOptions> options, CancellationToken cancellationToken)
    {
        if (state is not (null or "" or "live" or "ended"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["state is live (the default) or ended"] });
        }
        var caller = CallerIdentity.From(context.User);
        var sessions = await store.ListAsync(SessionResources.SelectorFor(caller.Subject!), cancellationToken);
        // The label is a hash; the spec check makes a collision (or a hand-made label) harmless.
        var live = sessions.Where(s => s.Spec.SpeakerId == caller.Subject).OrderBy(s => s.Metadata.CreationTimestamp).ToList();
        if (state != "ended")
        {
            return TypedResults.Ok(live.Select(s => SessionViews.From(s)).ToArray());
        }
        // Ended: the worker ended the archive, or the session is gone (a worker that died never writes endedAt).
        var liveNames = live.Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var index = await archives.ListAsync(options.Value.Namespace, cancellationToken);
        return TypedResults.Ok(index.Where(m => m.SpeakerId == caller.Subject && (m.EndedAt is not null || !liveNames.Contains(m.Session)))
            .OrderByDescending(m => m.StartedAt).Select(EndedSessionView.From).ToArray());
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult, UnauthorizedHttpResult>> GetAsync(string id, HttpContext context,
        ISessionStore store, IOptions<SessionApiOptions> options, CancellationToken cancellationToken)
    {
        if (!SessionAccess.MayActAsListener(context, options.Value))
        {
            return TypedResults.Unauthorized();
        }
        var session = await SessionAccess.FindAsync(store, id, cancellationToken);
        if (session is null)
        {
            return SessionAccess.NotFound(id);
        }
        var caller = CallerIdentity.From(context.User);
        return TypedResults.Ok(SessionViews.From(session, SessionAccess.IsSpeaker(caller, session) || caller.IsAdmin));
    }

    private static async Task<Results<Accepted<SessionView>, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, ISessionStore store,
        ILogger<SessionView> logger, CancellationToken cancellationToken)
    {
        var caller = CallerIdentity.From(context.User);
        var session = await SessionAccess.FindAsync(store, id, cancellationToken);
        if (session is null)
        {
            return SessionAccess.NotFound(id);
        }
        if (session.Spec.SpeakerId != caller.Subject && !caller.IsAdmin)
        {
            return SessionAccess.Forbidden("Only the session's speaker or an admin may delete it");
        }
        await store.DeleteAsync(id, cancellationToken);
        using (logger.BeginScope(new Dictionary<string, object> { ["session"] = id }))
        {
            SessionApiLog.SessionDeleted(logger, SessionResources.SpeakerLabelValue(caller.Subject!));
        }
        return TypedResults.Accepted($"/sessions/{id}", SessionViews.From(session));
    }
}
