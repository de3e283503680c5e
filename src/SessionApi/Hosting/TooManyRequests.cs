using System.Globalization;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>The one answer to a request past a rate limit: 429, a Retry-After in whole seconds, a problem body.</summary>
public static class TooManyRequests
{
    public static IResult Result(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"Rate limit reached; retry after {seconds} s");
    }
}
