using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// What a STATUS_RESPONSE refusal means for the message it names: worth sending again later
/// (throttled, or a fault of the service), or refused for good (the message or its recipient is
/// wrong). The error types are KVS signaling's own (ClientLimitExceededException when a connection
/// sends too fast, InvalidArgumentException, ResourceNotFoundException, …), which src/Signaling sends too.
/// </summary>
public static class SignalingRefusal
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ClientLimitExceededException"] = "client_limit_exceeded",
        ["LimitExceededException"] = "limit_exceeded",
        ["ThrottlingException"] = "throttling",
        ["SessionExpiredException"] = "session_expired",
        ["InvalidArgumentException"] = "invalid_argument",
        ["InvalidClientException"] = "invalid_client",
        ["NotAuthorizedException"] = "not_authorized",
        ["AccessDeniedException"] = "access_denied",
        ["ResourceNotFoundException"] = "resource_not_found",
        ["InternalFailure"] = "internal_failure",
        ["ServiceUnavailable"] = "service_unavailable",
    };

    /// <summary>
    /// Throttling (429 or a limit-exceeded type), an expired session (the connection is replaced, the
    /// message may go on the new one) and the service's own faults (5xx) pass; anything else would be
    /// refused again.
    /// </summary>
    public static bool IsRetryable(StatusResponse status) =>
        status.ErrorType is "ClientLimitExceededException" or "LimitExceededException" or "ThrottlingException" or "SessionExpiredException"
        || (int.TryParse(status.StatusCode, out var code) && (code == 429 || code >= 500));

    /// <summary>A metric label for the refusal: the error type in snake case, or "other" for one KVS does not document.</summary>
    public static string Reason(StatusResponse status) => Reasons.GetValueOrDefault(status.ErrorType, "other");
}
