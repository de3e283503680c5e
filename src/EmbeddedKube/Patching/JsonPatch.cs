using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;

namespace BroadcastOperator.EmbeddedKube.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test, with RFC 6901 pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("json patch must be an array of operations");
        }
        var document = target.DeepClone();
        foreach (var operationNode in operations)
        {
            if (operationNode is not JsonObject operation)
            {
                throw ApiException.BadRequest("json patch operation must be an object");
            }
            var op = operation["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch operation lacks \"op\"");
            var path = operation["path"]?.GetValue<string>() ?? throw ApiException.BadRequest($"json patch {op} lacks \"path\"");
            switch (op)
            {
                case "add":
                    document = Add(document, path, Value(operation));
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Value(operation));
                    break;
                case "move":
                    var moved = Get(document, From(operation));
                    Remove(document, From(operation));
                    document = Add(document, path, moved?.DeepClone());
                    break;
                case "copy":
                    document = Add(document, path, Get(document, From(operation))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), Value(operation)))
                    {
                        throw new ApiException(422, "Invalid", $"json patch test operation failed at {path}");
                    }
                    break;
                default:
                    throw ApiException.BadRequest($"json patch operation \"{op}\" is not supported");
            }
        }
        return document;
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw ApiException.BadRequest("json patch operation lacks \"value\"");

    private static string From(JsonObject operation) =>
        operation["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch operation lacks \"from\"");

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw ApiException.BadRequest($"json pointer \"{pointer}\" must start with /");
        }
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static JsonNode? Get(JsonNode document, string pointer)
    {
        JsonNode? current = document;
        foreach (var token in Tokens(pointer))
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => throw MissingPath(pointer),
            };
        }
        return current;
    }

    private static JsonNode Add(JsonNode document, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw ApiException.BadRequest("cannot replace the whole document with null");
        }
        var parent = Get(document, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw MissingPath(pointer);
        }
        return document;
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw ApiException.BadRequest("cannot remove the whole document");
        }
        var parent = Get(document, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count:
                array.RemoveAt(index);
                break;
            default:
                throw MissingPath(pointer);
        }
    }

    private static string ParentPointer(string[] tokens) =>
        tokens.Length == 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    private static ApiException MissingPath(string pointer) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: json patch path \"{pointer}\" does not exist");
}
