using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Who may see or use a session, and the problems that say no.</summary>
public static class SessionAccess
{
    /// <summary>
    /// Listener routes allow anonymous callers only where configured; a token that is present but invalid is
    /// never downgraded to anonymous.
    /// </summary>
    public static bool MayActAsListener(HttpContext context, SessionApiOptions options)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }
        return options.AllowAnonymousListeners && !context.Request.Headers.Authorization.Any(v => !string.IsNullOrEmpty(v));
    }

    /// <summary>The session, or null when absent or the id cannot be a session name.</summary>
    public static async Task<BroadcastSession?> FindAsync(ISessionStore store, string id, CancellationToken cancellationToken) =>
        SessionNames.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken) : null;

    public static bool IsSpeaker(CallerIdentity caller, BroadcastSession session) =>
        caller.Subject is not null && caller.Subject == session.Spec.SpeakerId;

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Session not found", detail: $"No session '{id}'");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
