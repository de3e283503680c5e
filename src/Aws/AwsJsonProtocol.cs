namespace BroadcastOperator.Aws;

/// <summary>
/// How a JSON-speaking AWS service wants its requests: the content type, and for the `awsJson1_x` protocols the
/// `X-Amz-Target` prefix the operation name is appended to (REST-JSON services route by path instead).
/// </summary>
public sealed record AwsJsonProtocol(string ContentType, string? TargetPrefix = null)
{
    /// <summary>REST-JSON (KVS, Polly): the operation is the path.</summary>
    public static AwsJsonProtocol RestJson { get; } = new("application/json");

    /// <summary>AWS JSON 1.1 (Translate): POST / with `X-Amz-Target: {prefix}.{operation}`.</summary>
    public static AwsJsonProtocol Json11(string targetPrefix) => new("application/x-amz-json-1.1", targetPrefix);

    /// <summary>The X-Amz-Target value of <paramref name="operation"/>, or null where the protocol has none.</summary>
    public string? Target(string? operation) =>
        TargetPrefix is null || operation is null ? null : $"{TargetPrefix}.{operation}";
}
