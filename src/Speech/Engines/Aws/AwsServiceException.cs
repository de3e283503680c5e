using System.Net;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>An AWS service refused a request (after retries where retrying made sense).</summary>
public sealed class AwsServiceException(string service, HttpStatusCode status, string body)
    : Exception($"{service} answered {(int)status} {status}: {body}")
{
    public HttpStatusCode Status { get; } = status;
}
