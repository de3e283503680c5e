namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>Why a message was not delivered: sent back as a STATUS_RESPONSE when the client gave a correlation id.</summary>
public sealed record RouteError(string ErrorType, int StatusCode, string Description, string MetricReason)
{
    public static RouteError InvalidArgument(string description, string reason) => new("InvalidArgumentException", 400, description, reason);

    public static RouteError RecipientNotFound(string description) => new("ResourceNotFoundException", 404, description, "recipient_not_found");

    public static readonly RouteError Throttled =
        new("ClientLimitExceededException", 429, "Message rate limit exceeded", "rate_limited");
}
