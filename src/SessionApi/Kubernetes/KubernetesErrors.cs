using System.Net;
using BroadcastOperator.SessionApi.Hosting;
using k8s.Autorest;

namespace BroadcastOperator.SessionApi.Kubernetes;

/// <summary>Maps what the Kubernetes API answered (or that it did not) to an answer a frontend can act on.</summary>
public static class KubernetesErrors
{
    public static ApiProblemException ToProblem(Exception exception, string what) => exception switch
    {
        HttpOperationException http => FromStatus(http.Response.StatusCode, what, KubeMessage(http), http),
        ApiProblemException problem => problem,
        _ => Unreachable(what, exception),
    };

    /// <summary>True for failures that mean the API server could not be reached at all.</summary>
    public static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or TimeoutException or TaskCanceledException or IOException
        or System.Net.Sockets.SocketException;

    public static ApiProblemException FromStatus(HttpStatusCode status, string what, string message, Exception? inner = null) => status switch
    {
        HttpStatusCode.NotFound => new(StatusCodes.Status404NotFound, "Not found", $"{what}: not found", inner),
        HttpStatusCode.Conflict => new(StatusCodes.Status409Conflict, "Conflict", $"{what}: {message}", inner),
        HttpStatusCode.UnprocessableEntity => new(StatusCodes.Status422UnprocessableEntity, "Rejected by the Kubernetes API",
            $"{what}: {message}", inner),
        HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new(StatusCodes.Status503ServiceUnavailable,
            "SessionApi is not allowed to do this",
            $"{what}: the Kubernetes API refused SessionApi's own credentials ({(int)status}); check its RBAC role. {message}", inner)
        { RetryAfterSeconds = 30 },
        HttpStatusCode.TooManyRequests => new(StatusCodes.Status503ServiceUnavailable, "Kubernetes API busy",
            $"{what}: the Kubernetes API asked to slow down", inner)
        { RetryAfterSeconds = 5 },
        >= HttpStatusCode.InternalServerError => new(StatusCodes.Status503ServiceUnavailable, "Kubernetes API unavailable",
            $"{what}: the Kubernetes API failed ({(int)status}) {message}", inner)
        { RetryAfterSeconds = 5 },
        _ => new(StatusCodes.Status502BadGateway, "Unexpected Kubernetes API answer", $"{what}: {(int)status} {message}", inner),
    };

    private static ApiProblemException Unreachable(string what, Exception exception) =>
        new(StatusCodes.Status503ServiceUnavailable, "Kubernetes API unavailable",
            $"{what}: the Kubernetes API cannot be reached ({exception.GetType().Name}: {exception.Message})", exception)
        { RetryAfterSeconds = 5 };

    // The API's Status object carries the human message; the body is JSON, so pick it out without trusting its shape.
    private static string KubeMessage(HttpOperationException exception)
    {
        var content = exception.Response.Content;
        if (string.IsNullOrEmpty(content))
        {
            return exception.Message;
        }
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(content);
            return document.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text ? text : content;
        }
        catch (System.Text.Json.JsonException)
        {
            return content.Length > 300 ? content[..300] : content;
        }
    }
}
