using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>Reads a request body as JSON or YAML, within the size limit of a real API server (3 MiB).</summary>
public static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode> ReadAsync(HttpRequest request, IReadOnlySet<string> acceptedMediaTypes, CancellationToken cancellationToken)
    {
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (!acceptedMediaTypes.Contains(mediaType))
        {
            throw ApiException.UnsupportedMediaType(mediaType);
        }
        if (request.ContentLength > MaxBytes)
        {
            throw ApiException.TooLarge(MaxBytes);
        }
        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        return mediaType.EndsWith("yaml", StringComparison.Ordinal) ? ParseYaml(bytes) : ParseJson(bytes);
    }

    /// <summary>The raw body (protobuf), within the size limit.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw ApiException.TooLarge(MaxBytes);
        }
        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        return bytes.Length > 0 ? bytes : throw ApiException.BadRequest("the request body is empty");
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw ApiException.TooLarge(MaxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static JsonNode ParseJson(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 128 })
                ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static JsonNode ParseYaml(byte[] bytes)
    {
        try
        {
            var text = Encoding.UTF8.GetString(bytes);
            YamlToJson.CheckDepth(new StringReader(text));
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                throw ApiException.BadRequest("the request body must hold exactly one YAML document");
            }
            return YamlToJson.Convert(stream.Documents[0].RootNode) ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest($"the request body is not valid YAML: {e.Message}");
        }
    }
}
