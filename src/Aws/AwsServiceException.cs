namespace BroadcastOperator.Aws;

/// <summary>
/// An AWS service (or our KVS-compatible signaling service) refused a request, after retries where retrying made
/// sense: the HTTP status, the AWS error type (`x-amzn-ErrorType` or `__type`) and the service's message. The one
/// exception type of every AWS client here.
/// </summary>
public sealed class AwsServiceException(string service, int statusCode, string errorType, string message)
    : Exception($"{errorType} ({statusCode}): {message}")
{
    /// <summary>The SigV4 service name of the caller, e.g. kinesisvideo, translate, polly.</summary>
    public string Service { get; } = service;

    /// <summary>The HTTP status; 0 when the answer was a success whose body could not be read.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>For example ResourceNotFoundException, ThrottlingException, VersionMismatchException.</summary>
    public string ErrorType { get; } = errorType;

    public string ServiceMessage { get; } = message;

    public bool IsNotFound => ErrorType == "ResourceNotFoundException";

    /// <summary>A success status whose body is not what the operation answers.</summary>
    public static AwsServiceException Malformed(string service, string what) =>
        new(service, 0, "MalformedResponse", $"The response has no valid {what}");
}
