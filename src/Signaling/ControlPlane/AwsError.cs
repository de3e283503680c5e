using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;

namespace BroadcastOperator.Signaling.ControlPlane;

/// <summary>An AWS-shaped error: HTTP status, `x-amzn-ErrorType` and `{"message": …}`.</summary>
public sealed record AwsError(int StatusCode, string ErrorType, string Message)
{
    public static AwsError NotFound(string message) => new(404, "ResourceNotFoundException", message);
    public static AwsError InUse(string message) => new(400, "ResourceInUseException", message);
    public static AwsError InvalidArgument(string message) => new(400, "InvalidArgumentException", message);
    public static AwsError AccessDenied(string message) => new(401, "AccessDeniedException", message);
    public static AwsError ClientLimit(string message) => new(400, "ClientLimitExceededException", message);
    public static AwsError AccountChannelLimit(string message) => new(400, "AccountChannelLimitExceededException", message);
    public static AwsError VersionMismatch(string message) => new(400, "VersionMismatchException", message);
    public static AwsError TagLimit(string message) => new(400, "TagsPerResourceExceededLimitException", message);
    public static AwsError SerializationError(string message) => new(400, "SerializationException", message);
    public static AwsError UnknownOperation() => new(404, "UnknownOperationException", "Unknown operation");

    /// <summary>Signature and token failures, as AWS reports them (HTTP 403).</summary>
    public static AwsError Forbidden(SigV4Failure failure, string message) => new(403, failure switch
    {
        SigV4Failure.MissingAuthentication => "MissingAuthenticationTokenException",
        SigV4Failure.UnknownAccessKey => "UnrecognizedClientException",
        SigV4Failure.InvalidSessionToken => "UnrecognizedClientException",
        SigV4Failure.ExpiredCredential => "ExpiredTokenException",
        SigV4Failure.RequestExpired => "InvalidSignatureException",
        SigV4Failure.SignatureMismatch => "InvalidSignatureException",
        _ => "IncompleteSignatureException",
    }, message);

    public IResult ToResult() => new AwsErrorResult(this);

    private sealed class AwsErrorResult(AwsError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = error.StatusCode;
            httpContext.Response.Headers["x-amzn-ErrorType"] = error.ErrorType;
            httpContext.Response.Headers["x-amzn-RequestId"] = httpContext.TraceIdentifier;
            return httpContext.Response.WriteAsJsonAsync(new AwsErrorBody(error.Message), KvsJsonContext.Default.AwsErrorBody,
                "application/json");
        }
    }
}
