using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BroadcastOperator.Aws;
using BroadcastOperator.Signaling.Auth;

namespace BroadcastOperator.Signaling.ControlPlane;

/// <summary>Reads, authenticates and parses one control-plane request body.</summary>
public sealed class KvsRequestReader(RequestAuthenticator authenticator)
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The parsed request and its caller, or the AWS error to answer with.</summary>
    public async Task<(T? Request, object? Caller, AwsError? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            return (null, null, AwsError.InvalidArgument($"Request body exceeds {MaxBodyBytes} bytes"));
        }
        var auth = authenticator.Authenticate(context, body);
        if (!auth.Succeeded)
        {
            return (null, null, AwsError.Forbidden(auth.Failure, auth.Detail));
        }
        try
        {
            var request = body.Length == 0 ? null : JsonSerializer.Deserialize(body, typeInfo);
            return request is null
                ? (null, null, AwsError.SerializationError("Request body must be a JSON object"))
                : (request, auth.Principal, null);
        }
        catch (JsonException e)
        {
            return (null, null, AwsError.SerializationError("Malformed JSON: " + e.Message));
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
