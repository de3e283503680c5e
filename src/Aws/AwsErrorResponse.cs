using System.Text.Json;
using System.Text.Json.Nodes;

namespace BroadcastOperator.Aws;

/// <summary>
/// Reads an AWS JSON error answer: the type from the `x-amzn-ErrorType` header or the body's `__type`/`code`
/// (namespace and `:detail` suffix dropped), the message from `message`/`Message`, the raw body otherwise.
/// </summary>
internal static class AwsErrorResponse
{
    public static AwsServiceException ToException(string service, HttpResponseMessage response, string body)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        string? message = null;
        try
        {
            var json = JsonNode.Parse(body);
            type ??= json?["__type"]?.GetValue<string>() ?? json?["code"]?.GetValue<string>();
            message = json?["message"]?.GetValue<string>() ?? json?["Message"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // not JSON: the body itself is the message
        }
        type = (type ?? "UnknownError").Split(':')[0].Split('#')[^1];
        return new AwsServiceException(service, (int)response.StatusCode, type, message ?? body);
    }
}
