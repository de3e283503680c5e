using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// Keeps <c>metadata.managedFields</c>: one entry per manager, operation and subresource, with the
/// time of its last write and the fields it set as a FieldsV1 set (<c>{"f:spec":{"f:x":{}}}</c>).
/// An approximation of server-side apply's bookkeeping, enough for kubectl to read and round-trip:
/// an Apply owns the fields of its applied configuration, an Update adds the fields it changed;
/// lists are owned whole, and no conflicts between managers are detected.
/// </summary>
public static class ManagedFields
{
    // Metadata the server maintains; nobody owns it (kube-apiserver tracks none of these either).
    private static readonly HashSet<string> ServerMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink", "generateName"];

    /// <summary>Records <paramref name="owner"/>'s write of <paramref name="next"/> (over <paramref name="previous"/>, null on create).</summary>
    public static void Record(JsonObject next, JsonObject? previous, FieldOwner owner, string apiVersion, string? subresource)
    {
        var entries = previous?["metadata"]?["managedFields"] is JsonArray kept ? (JsonArray)kept.DeepClone() : [];
        var existing = entries.OfType<JsonObject>().FirstOrDefault(e =>
            e["manager"]?.GetValue<string>() == owner.Manager
            && e["operation"]?.GetValue<string>() == owner.Operation
            && e["subresource"]?.GetValue<string>() == subresource);
        var fields = owner.Operation == FieldOwner.Apply && owner.AppliedConfiguration is { } applied
            ? FieldSet(applied, topLevel: true)
            : Union(existing?["fieldsV1"] as JsonObject, FieldSet(Changed(previous, next), topLevel: true));
        if (existing is not null)
        {
            entries.Remove(existing);
        }
        if (fields.Count == 0)
        {
            // A manager that owns no field is no manager (a write that only touched managedFields, say).
            SetEntries(next, entries);
            return;
        }
        var entry = new JsonObject
        {
            ["manager"] = owner.Manager,
            ["operation"] = owner.Operation,
            ["apiVersion"] = apiVersion,
            ["time"] = Meta.Now(),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }
        entries.Add(entry);
        SetEntries(next, entries);
    }

    private static void SetEntries(JsonObject obj, JsonArray entries)
    {
        if (entries.Count == 0)
        {
            Meta.Of(obj).Remove("managedFields");
        }
        else
        {
            Meta.Of(obj)["managedFields"] = entries;
        }
    }

    /// <summary>
    /// True when a write by <paramref name="owner"/> that changes no field would not change managedFields
    /// either: always for an Update, and for an Apply when its entry already owns exactly the applied fields.
    /// </summary>
    public static bool AlreadyOwns(JsonObject current, FieldOwner owner)
    {
        if (owner.Operation != FieldOwner.Apply || owner.AppliedConfiguration is not { } applied)
        {
            return true;
        }
        return current["metadata"]?["managedFields"] is JsonArray entries && entries.OfType<JsonObject>().Any(e =>
            e["manager"]?.GetValue<string>() == owner.Manager
            && e["operation"]?.GetValue<string>() == FieldOwner.Apply
            && JsonNode.DeepEquals(e["fieldsV1"], FieldSet(applied, topLevel: true)));
    }

    /// <summary>The fields of <paramref name="next"/> that are new or differ from <paramref name="previous"/>.</summary>
    private static JsonObject Changed(JsonObject? previous, JsonObject next)
    {
        var changed = new JsonObject();
        foreach (var (name, value) in next)
        {
            var before = previous?[name];
            if (value is JsonObject nested && before is JsonObject or null)
            {
                var inner = Changed(before as JsonObject, nested);
                if (inner.Count > 0 || before is null)
                {
                    changed[name] = inner;
                }
            }
            else if (!JsonNode.DeepEquals(value, before))
            {
                changed[name] = value?.DeepClone();
            }
        }
        return changed;
    }

    private static JsonObject FieldSet(JsonObject obj, bool topLevel)
    {
        var set = new JsonObject();
        if (!topLevel)
        {
            set["."] = new JsonObject();
        }
        foreach (var (name, value) in obj)
        {
            if (topLevel && name is "apiVersion" or "kind")
            {
                continue;
            }
            if (topLevel && name == "metadata" && value is JsonObject metadata)
            {
                var owned = new JsonObject();
                foreach (var (field, fieldValue) in metadata.Where(m => !ServerMetadata.Contains(m.Key)))
                {
                    owned["f:" + field] = fieldValue is JsonObject map ? FieldSet(map, topLevel: false) : new JsonObject();
                }
                if (owned.Count > 0)
                {
                    set["f:metadata"] = owned;
                }
                continue;
            }
            set["f:" + name] = value is JsonObject nested ? FieldSet(nested, topLevel: false) : new JsonObject();
        }
        return set;
    }

    private static JsonObject Union(JsonObject? first, JsonObject second)
    {
        var union = (JsonObject?)first?.DeepClone() ?? [];
        foreach (var (name, value) in second)
        {
            union[name] = union[name] is JsonObject mine && value is JsonObject theirs ? Union(mine, theirs) : value?.DeepClone();
        }
        return union;
    }
}
