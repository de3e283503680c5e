using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>Where an object lives: its resource bucket, namespace ("" for cluster scope) and name.</summary>
public readonly record struct ObjectKey(string TypeKey, string Namespace, string Name)
{
    /// <summary>Sort key within a bucket: namespace, then name, as a real server lists.</summary>
    public string Path => Namespace + "/" + Name;
}

/// <summary>Small accessors for the metadata of objects held as JSON.</summary>
public static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        return metadata;
    }

    public static string? Get(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Name(JsonObject obj) => Get(obj, "name") ?? "";

    public static string Namespace(JsonObject obj) => Get(obj, "namespace") ?? "";

    public static string Uid(JsonObject obj) => Get(obj, "uid") ?? "";

    public static long ResourceVersion(JsonObject obj) =>
        long.TryParse(Get(obj, "resourceVersion"), out var rv) ? rv : 0;

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array ? array.Select(f => f?.GetValue<string>() ?? "").ToList() : [];

    public static bool IsBeingDeleted(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static JsonObject? Labels(JsonObject obj) => obj["metadata"]?["labels"] as JsonObject;

    public static IEnumerable<string> OwnerUids(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray owners
            ? owners.Select(o => o?["uid"]?.GetValue<string>() ?? "").Where(u => u.Length > 0)
            : [];

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reads JSON numbers whatever CLR type backs them (parsed text, or an int set in code).</summary>
public static class JsonNumber
{
    public static long? AsLong(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<double>(out var d) ? (long)d
        : null
        : null;

    public static double? AsDouble(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : null
        : null;
}
