namespace BroadcastOperator.Shared.Kvs;

/// <summary>An AWS error answer from the control plane: HTTP status, error type (x-amzn-ErrorType) and message.</summary>
public sealed class KvsException(int statusCode, string errorType, string message)
    : Exception($"{errorType} ({statusCode}): {message}")
{
    public int StatusCode { get; } = statusCode;

    /// <summary>For example ResourceNotFoundException, ResourceInUseException, VersionMismatchException.</summary>
    public string ErrorType { get; } = errorType;

    public string ServiceMessage { get; } = message;

    public bool IsNotFound => ErrorType == "ResourceNotFoundException";
}
