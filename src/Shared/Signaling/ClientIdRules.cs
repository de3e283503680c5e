namespace BroadcastOperator.Shared.Signaling;

/// <summary>KVS's client id rule: `[a-zA-Z0-9_.-]{1,256}`, not starting with `AWS_`.</summary>
public static class ClientIdRules
{
    public const int MaxLength = 256;

    public static bool IsValid(string? clientId) =>
        clientId is { Length: > 0 and <= MaxLength }
        && !clientId.StartsWith("AWS_", StringComparison.Ordinal)
        && clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>Correlation ids follow the same character rule (without the prefix restriction).</summary>
    public static bool IsValidCorrelationId(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
