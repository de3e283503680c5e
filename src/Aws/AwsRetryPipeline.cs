using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace BroadcastOperator.Aws;

/// <summary>
/// Retries and per-attempt timeouts come from Polly (served; nothing of ours): exponential backoff with jitter on
/// throttling (429), server errors (500, 502, 503, 504), dropped connections and attempts that time out. Any other
/// answer is returned at once for the caller to report. Polly disposes the responses of attempts it retries.
/// </summary>
internal static class AwsRetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(AwsRetryOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseBackoff,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => IsRetryable(response.StatusCode),
                    _ => false,
                }),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
