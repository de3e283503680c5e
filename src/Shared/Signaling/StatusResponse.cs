namespace BroadcastOperator.Shared.Signaling;

/// <summary>The `statusResponse` object of a STATUS_RESPONSE message (an error for one correlation id).</summary>
public sealed record StatusResponse(string CorrelationId, string ErrorType, string StatusCode, string Description);
