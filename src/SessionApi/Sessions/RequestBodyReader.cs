using System.Text.Json;
using System.Text.Json.Serialization;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>
/// Reads a JSON body strictly (unknown fields refused) and reports what is wrong by field name, which the
/// framework's own binder does not.
/// </summary>
public static class RequestBodyReader
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public sealed record Outcome<T>(T? Value, IDictionary<string, string[]>? Errors);

    public static async Task<Outcome<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Fail<T>("body", "The body must be JSON (Content-Type: application/json)");
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, cancellationToken);
            return value is null ? Fail<T>("body", "The body must be a JSON object") : new Outcome<T>(value, null);
        }
        catch (JsonException e)
        {
            return Fail<T>(FieldOf(e.Path), Describe(e));
        }
        catch (BadHttpRequestException e)
        {
            // A chunked body over the server's size limit, or a client that stopped sending.
            throw new Hosting.ApiProblemException(e.StatusCode, "Unreadable request body", e.Message, e);
        }
    }

    /// <summary>`$.targetLanguages[1]` → `targetLanguages[1]`; the root → `body`.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Describe(JsonException e)
    {
        // The unmapped-member message names the property; the rest say the type is wrong.
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown field: " + message.Split('\'').ElementAtOrDefault(1);
        }
        return e.Path is null || e.Path == "$" ? "The body is not valid JSON" : "Wrong type or malformed value";
    }

    private static Outcome<T> Fail<T>(string field, string message) =>
        new(default, new Dictionary<string, string[]> { [field] = [message] });
}
