using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using BroadcastOperator.Shared.Signaling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>POST /sessions/{id}/speaker-credentials and POST /sessions/{id}/join.</summary>
public static class CredentialsApi
{
    public static IEndpointRouteBuilder MapCredentialsApi(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/sessions/{id}").WithTags("Signaling credentials");
        sessions.MapPost("/speaker-credentials", SpeakerCredentialsAsync).RequireAuthorization().WithName("GetSpeakerCredentials");
        sessions.MapPost("/join", JoinAsync).AllowAnonymous().AddEndpointFilter<JoinRateLimitFilter>()
            .Accepts<JoinRequest>("application/json").WithName("JoinSession");
        return routes;
    }

    /// <summary>MASTER of the source channel, for the session's speaker only.</summary>
    private static async Task<Results<Ok<ChannelAccessView>, ProblemHttpResult>> SpeakerCredentialsAsync(string id, HttpContext context,
        ISessionStore store, ChannelAccessIssuer issuer, CancellationToken cancellationToken)
    {
        var caller = CallerIdentity.From(context.User);
        var session = await SessionAccess.FindAsync(store, id, cancellationToken);
        if (session is null)
        {
            return SessionAccess.NotFound(id);
        }
        if (!SessionAccess.IsSpeaker(caller, session))
        {
            return SessionAccess.Forbidden("Only the session's speaker may get speaker credentials");
        }
        return TypedResults.Ok(await issuer.IssueAsync(context.Request, session, session.Spec.SourceLanguage, session.Status?.Channel, ChannelRole.Master,
            ClientIds.ForSpeaker(caller.Subject!), cancellationToken));
    }

    /// <summary>VIEWER of one language's channel, bound to a client id derived from the caller.</summary>
    private static async Task<Results<Ok<ChannelAccessView>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> JoinAsync(
        string id, HttpRequest request, JoinSessionReads sessions, ChannelAccessIssuer issuer, IOptions<SessionApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!SessionAccess.MayActAsListener(request.HttpContext, options.Value))
        {
            return TypedResults.Unauthorized();
        }
        var body = await RequestBodyReader.ReadAsync<JoinRequest>(request, cancellationToken);
        if (body.Errors is not null)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }
        var language = body.Value!.Language;
        if (!LanguageTags.IsValid(language))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [language is null ? "Required: the language to listen in, e.g. es" : $"'{language}' is not a language tag like es"],
            });
        }
        var session = await sessions.FindAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionAccess.NotFound(id);
        }
        if (!session.Spec.ServedLanguages.Contains(language))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [$"Session {id} serves {string.Join(", ", session.Spec.ServedLanguages)}, not {language}"],
            });
        }
        var channel = session.Status?.Languages?.FirstOrDefault(l => l.Language == language)?.Channel;
        var caller = CallerIdentity.From(request.HttpContext.User);
        return TypedResults.Ok(await issuer.IssueAsync(request, session, language!, channel, ChannelRole.Viewer, ClientIds.ForListener(caller), cancellationToken));
    }
}
