namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>A failure that has a clear HTTP answer; the exception handler turns it into ProblemDetails.</summary>
public sealed class ApiProblemException(int statusCode, string title, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public int StatusCode { get; } = statusCode;
    public string Title { get; } = title;

    /// <summary>Seconds the caller should wait before retrying, when known.</summary>
    public int? RetryAfterSeconds { get; init; }
}
