using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>The checks a CustomResourceDefinition must pass before its kind is served.</summary>
internal static class CrdRules
{
    public static IEnumerable<FieldError> Check(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            yield return FieldError.Required("spec");
            yield break;
        }
        var group = spec["group"]?.GetValue<string>();
        var plural = spec["names"]?["plural"]?.GetValue<string>();
        var kind = spec["names"]?["kind"]?.GetValue<string>();
        if (string.IsNullOrEmpty(group))
        {
            yield return FieldError.Required("spec.group");
        }
        if (string.IsNullOrEmpty(plural))
        {
            yield return FieldError.Required("spec.names.plural");
        }
        if (string.IsNullOrEmpty(kind))
        {
            yield return FieldError.Required("spec.names.kind");
        }
        var scope = spec["scope"]?.GetValue<string>();
        if (scope is not ("Namespaced" or "Cluster"))
        {
            yield return FieldError.Unsupported("spec.scope", $"\"{scope}\"", ["\"Cluster\"", "\"Namespaced\""]);
        }
        if (spec["versions"] is not JsonArray { Count: > 0 } versions)
        {
            yield return FieldError.Required("spec.versions");
            yield break;
        }
        if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
        {
            yield return FieldError.InvalidValue("spec.versions", "[]", "must have exactly one version marked as storage version");
        }
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]?["schema"]?["openAPIV3Schema"] is not JsonObject schema)
            {
                yield return FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema");
            }
            else if (schema["type"]?.GetValue<string>() != "object")
            {
                yield return FieldError.InvalidValue($"spec.versions[{i}].schema.openAPIV3Schema.type", "\"" + schema["type"] + "\"", "must be object at the root");
            }
        }
        var expectedName = $"{plural}.{group}";
        if (Meta.Name(crd) != expectedName)
        {
            yield return FieldError.InvalidValue("metadata.name", $"\"{Meta.Name(crd)}\"", $"must be spec.names.plural+\".\"+spec.group ({expectedName})");
        }
    }

    public static void MarkEstablished(JsonObject crd)
    {
        var names = crd["spec"]!["names"]!.DeepClone().AsObject();
        var now = crd["status"]?["conditions"]?[0]?["lastTransitionTime"]?.GetValue<string>() ?? Meta.Now();
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(crd["spec"]!["versions"]!.AsArray()
                .Where(v => v?["storage"]?.GetValue<bool>() == true)
                .Select(v => (JsonNode?)v!["name"]!.GetValue<string>()).ToArray()),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
