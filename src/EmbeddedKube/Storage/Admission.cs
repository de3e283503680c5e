using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// What the API server checks and fills in before an object is stored: its type and name,
/// the CRD schema of custom resources (defaults, pruning, validation), and the defaults and
/// status of the built-in kinds it serves.
/// </summary>
public sealed partial class Admission
{
    public void PrepareCreate(ResourceType type, JsonObject obj)
    {
        CheckTypeMeta(type, obj);
        CheckName(type, obj);
        if (type == BuiltinResources.Pods)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
        else if (type == BuiltinResources.Namespaces)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == BuiltinResources.Secrets && string.IsNullOrEmpty(obj["type"]?.GetValue<string>()))
        {
            // kube-apiserver's SetDefaults_Secret: `kubectl create secret generic` sends no type.
            obj["type"] = "Opaque";
        }
        else if (type.HasStatusSubresource && type.Schema is not null)
        {
            // Status of a custom resource with a status subresource is only written through /status.
            obj.Remove("status");
        }
        Validate(type, obj);
    }

    public void PrepareUpdate(ResourceType type, JsonObject next, JsonObject current, bool statusOnly)
    {
        CheckTypeMeta(type, next);
        Validate(type, next);
    }

    private void Validate(ResourceType type, JsonObject obj)
    {
        var errors = new List<FieldError>();
        CheckOwnerReferences(obj, errors);
        CheckStringMap(obj, "labels", errors);
        CheckStringMap(obj, "annotations", errors);
        if (type.Schema is not null)
        {
            errors.AddRange(type.Schema.Apply(obj));
        }
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            errors.AddRange(CrdRules.Check(obj));
            if (errors.Count == 0)
            {
                CrdRules.MarkEstablished(obj);
            }
        }
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type.Kind, type.Group, Meta.Name(obj), errors);
        }
    }

    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the body ({kind}) does not match the kind served at this URL ({type.Kind})");
        }
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        // Keep apiVersion and kind first, as a real server writes them.
        var reordered = obj.ToList();
        obj.Clear();
        foreach (var field in new[] { "apiVersion", "kind", "metadata" })
        {
            if (reordered.FirstOrDefault(p => p.Key == field) is { Key: not null } pair)
            {
                obj[field] = pair.Value;
            }
        }
        foreach (var (name, value) in reordered.Where(p => p.Key is not ("apiVersion" or "kind" or "metadata")))
        {
            obj[name] = value;
        }
    }

    private static void CheckName(ResourceType type, JsonObject obj)
    {
        var name = Meta.Name(obj);
        var (pattern, maxLength, what) = type == BuiltinResources.Namespaces
            ? (DnsLabel(), 63, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character")
            : (DnsSubdomain(), 253, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        if (name.Length > maxLength || !pattern.IsMatch(name))
        {
            throw ApiException.Invalid(type.Kind, type.Group, name, [FieldError.InvalidValue("metadata.name", $"\"{name}\"", what)]);
        }
    }

    private static void CheckOwnerReferences(JsonObject obj, List<FieldError> errors)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonNode owners)
        {
            return;
        }
        if (owners is not JsonArray list)
        {
            errors.Add(FieldError.InvalidValue("metadata.ownerReferences", owners.ToJsonString(), "must be a list"));
            return;
        }
        var controllers = 0;
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(list[i]?[field]?.GetValue<string>()))
                {
                    errors.Add(FieldError.Required($"metadata.ownerReferences[{i}].{field}"));
                }
            }
            if (list[i]?["controller"]?.GetValue<bool>() == true)
            {
                controllers++;
            }
        }
        if (controllers > 1)
        {
            errors.Add(FieldError.InvalidValue("metadata.ownerReferences", "[]", "Only one reference can have Controller set to true"));
        }
    }

    private static void CheckStringMap(JsonObject obj, string field, List<FieldError> errors)
    {
        if (obj["metadata"]?[field] is not JsonNode map)
        {
            return;
        }
        if (map is not JsonObject entries)
        {
            errors.Add(FieldError.InvalidValue($"metadata.{field}", map.ToJsonString(), "must be a map of string keys to string values"));
            return;
        }
        foreach (var (key, value) in entries)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out _))
            {
                errors.Add(FieldError.InvalidValue($"metadata.{field}.{key}", value?.ToJsonString() ?? "null", "must be a string"));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
