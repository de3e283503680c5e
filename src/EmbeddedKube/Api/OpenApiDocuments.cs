using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// Minimal OpenAPI v3 documents: enough for kubectl to learn that every resource takes the
/// <c>fieldValidation</c> query parameter, so it validates on the server (our schemas) instead
/// of downloading full client-side schemas. Custom resources carry their CRD schema.
/// </summary>
public static class OpenApiDocuments
{
    public static JsonObject Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var groupVersion in registry.All().Select(t => Prefix(t)).Distinct().OrderBy(p => p, StringComparer.Ordinal))
        {
            paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion}?hash={Hash(registry, groupVersion)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceRegistry registry, string groupVersionPath)
    {
        var types = registry.All().Where(t => Prefix(t) == groupVersionPath).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
            var schemaName = SchemaName(type);
            var parameters = new JsonArray(
                new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
            var item = new JsonObject
            {
                ["get"] = Operation(gvk, schemaName, parameters: null),
                ["put"] = Operation(gvk, schemaName, parameters.DeepClone()),
                ["patch"] = Operation(gvk, schemaName, parameters.DeepClone()),
                ["delete"] = Operation(gvk, schemaName, parameters: null),
            };
            var collection = new JsonObject { ["post"] = Operation(gvk, schemaName, parameters.DeepClone()) };
            var prefix = "/" + Prefix(type) + (type.Namespaced ? "/namespaces/{namespace}" : "");
            paths[$"{prefix}/{type.Plural}/{{name}}"] = item;
            paths[$"{prefix}/{type.Plural}"] = collection;

            var schema = type.Schema is null ? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } : CrdSchema(registry, type);
            schema["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
            schemas[schemaName] = schema;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0-embedded" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject CrdSchema(ResourceRegistry registry, ResourceType type) =>
        new() { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true, ["description"] = $"{type.Kind} (schema enforced by the server)" };

    private static JsonObject Operation(JsonObject gvk, string schemaName, JsonNode? parameters)
    {
        var operation = new JsonObject
        {
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" } },
                    },
                },
            },
        };
        if (parameters is not null)
        {
            operation["parameters"] = parameters;
        }
        return operation;
    }

    private static string Prefix(ResourceType type) => type.Group.Length == 0 ? $"api/{type.Version}" : $"apis/{type.Group}/{type.Version}";

    private static string SchemaName(ResourceType type) =>
        (type.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', type.Group.Split('.').Reverse())) + $".{type.Version}.{type.Kind}";

    /// <summary>Changes whenever the served kinds change, so kubectl's cache of the document stays right.</summary>
    private static string Hash(ResourceRegistry registry, string groupVersion) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(",", registry.All().Where(t => Prefix(t) == groupVersion).Select(t => t.Plural + t.Kind + t.DefinedByCrd).Order(StringComparer.Ordinal)))))[..16];
}
