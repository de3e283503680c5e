using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Protobuf;
using BroadcastOperator.EmbeddedKube.Resources;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// Protobuf on the wire for the built-in kinds with a <see cref="KubeMessages"/> schema: request
/// bodies in, and answers to clients that accept nothing else. Custom resources are JSON only,
/// as in Kubernetes (415 for a protobuf body, 406 for a protobuf-only Accept).
/// </summary>
public static class ProtobufBody
{
    public static bool IsProtobuf(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().Equals(ProtobufEnvelope.MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the Accept header names protobuf and no JSON (nor any wildcard): then the answer must be protobuf.</summary>
    public static bool OnlyProtobufAccepted(HttpRequest request)
    {
        var accepted = request.Headers.Accept.SelectMany(h => (h ?? "").Split(','))
            .Select(a => a.Split(';')[0].Trim().ToLowerInvariant()).Where(a => a.Length > 0).ToList();
        return accepted.Count > 0 && accepted.All(a => a == ProtobufEnvelope.MediaType);
    }

    public static async Task<JsonObject> ReadAsync(HttpRequest request, ResourceType type, CancellationToken cancellationToken)
    {
        var schema = SchemaOf(type) ?? throw ApiException.UnsupportedMediaType(ProtobufEnvelope.MediaType);
        var body = await RequestBody.ReadBytesAsync(request, cancellationToken);
        if (!ProtobufEnvelope.TryParse(body, out var envelope, out var error))
        {
            throw ApiException.BadRequest(error);
        }
        if (envelope.Kind.Length > 0 && envelope.Kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the body ({envelope.Kind}) does not match the kind served at this URL ({type.Kind})");
        }
        JsonObject fields;
        try
        {
            fields = ProtoJson.Decode(ByteString.CopyFrom(envelope.Raw), schema);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ProtobufFormatException)
        {
            throw ApiException.BadRequest($"malformed {type.Kind} protobuf: {e.Message}");
        }
        var obj = new JsonObject { ["apiVersion"] = envelope.ApiVersion.Length > 0 ? envelope.ApiVersion : type.ApiVersion, ["kind"] = type.Kind };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            obj[name] = value;
        }
        return obj;
    }

    /// <summary>Writes <paramref name="obj"/> as protobuf; false when its kind has no protobuf form here.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, int code, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        if (KubeMessages.For(apiVersion, kind) is not { } schema)
        {
            return false;
        }
        var envelope = new ProtobufEnvelope(apiVersion, kind, ProtoJson.Encode(obj, schema).ToByteArray());
        context.Response.StatusCode = code;
        context.Response.ContentType = ProtobufEnvelope.MediaType;
        await context.Response.Body.WriteAsync(envelope.ToByteArray(), context.RequestAborted);
        return true;
    }

    private static MessageSchema? SchemaOf(ResourceType type) =>
        type.Schema is null && type.DefinedByCrd is null ? KubeMessages.For(type.ApiVersion, type.Kind) : null;
}
