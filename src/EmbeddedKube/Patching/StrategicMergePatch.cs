using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds, as kubectl sends it: a merge patch in which
/// lists of objects with a known merge key (containers by name, ports by port, …) merge item by
/// item, and the <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder</c> and
/// <c>$deleteFromPrimitiveList</c> directives are honoured.
/// </summary>
public static class StrategicMergePatch
{
    // Merge keys of the list fields of the kinds this server serves (from the Kubernetes API types).
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["imagePullSecrets"] = "name",
        ["ports"] = "port",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["tolerations"] = "key",
        ["hostAliases"] = "ip",
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, string? fieldName = null)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        if (patchObject["$patch"]?.GetValue<string>() is "replace")
        {
            var replacement = (JsonObject)patchObject.DeepClone();
            replacement.Remove("$patch");
            return replacement;
        }
        if (patchObject["$patch"]?.GetValue<string>() is "delete")
        {
            return null;
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (name.StartsWith("$setElementOrder/", StringComparison.Ordinal) || name is "$patch" or "$retainKeys")
            {
                continue;
            }
            if (name.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = name["$deleteFromPrimitiveList/".Length..];
                if (result[listName] is JsonArray primitives && value is JsonArray toDelete)
                {
                    foreach (var item in primitives.Where(p => toDelete.Any(d => JsonNode.DeepEquals(d, p))).ToList())
                    {
                        primitives.Remove(item);
                    }
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(name);
            }
            else if (value is JsonArray patchList && result[name] is JsonArray currentList && MergeKeys.TryGetValue(name, out var mergeKey)
                     && patchList.All(item => item is JsonObject))
            {
                result[name] = MergeList(currentList, patchList, mergeKey, name);
            }
            else
            {
                result[name] = Apply(result[name], value, name);
            }
        }
        if (patchObject["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray current, JsonArray patch, string mergeKey, string fieldName)
    {
        var merged = (JsonArray)current.DeepClone();
        foreach (var patchItem in patch.Cast<JsonObject>())
        {
            var key = patchItem[mergeKey];
            var index = IndexOf(merged, mergeKey, key);
            var directive = patchItem["$patch"]?.GetValue<string>();
            if (directive == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = Apply(merged[index], patchItem, fieldName);
            }
            else
            {
                merged.Add(Apply(null, patchItem, fieldName));
            }
        }
        return merged;
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (JsonNode.DeepEquals(list[i]?[mergeKey], key))
            {
                return i;
            }
        }
        return -1;
    }
}
