using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Schema;

namespace BroadcastOperator.EmbeddedKube.Resources;

/// <summary>
/// Which resources are served, by group, version and plural. Built-in kinds are fixed; a CRD's
/// kinds are served as soon as the CRD is stored and stop being served when it is deleted.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private Dictionary<(string Group, string Version, string Plural), ResourceType> _types = [];

    public ResourceRegistry()
    {
        foreach (var type in BuiltinResources.All)
        {
            _types[(type.Group, type.Version, type.Plural)] = type;
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _types.GetValueOrDefault((group, version, plural));
        }
    }

    public IReadOnlyList<ResourceType> All()
    {
        lock (_gate)
        {
            return _types.Values.ToList();
        }
    }

    /// <summary>Serves every version of the CRD's kind; replaces what an earlier version of the CRD served.</summary>
    public IReadOnlyList<ResourceType> RegisterCrd(JsonObject crd)
    {
        var crdName = crd["metadata"]!["name"]!.GetValue<string>();
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var group = spec["group"]!.GetValue<string>();
        var registered = new List<ResourceType>();
        foreach (var versionNode in spec["versions"]!.AsArray())
        {
            var version = versionNode!.AsObject();
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }
            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject;
            registered.Add(new ResourceType
            {
                Group = group,
                Version = version["name"]!.GetValue<string>(),
                Kind = names["kind"]!.GetValue<string>(),
                Plural = names["plural"]!.GetValue<string>(),
                Singular = names["singular"]?.GetValue<string>() ?? names["kind"]!.GetValue<string>().ToLowerInvariant(),
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                Namespaced = spec["scope"]?.GetValue<string>() != "Cluster",
                HasStatusSubresource = version["subresources"]?["status"] is not null,
                Schema = schema is null ? null : new StructuralSchema((JsonObject)schema.DeepClone()),
                PrinterColumns = Columns(version["additionalPrinterColumns"]),
                DefinedByCrd = crdName,
            });
        }
        lock (_gate)
        {
            var next = _types.Where(kv => kv.Value.DefinedByCrd != crdName).ToDictionary();
            foreach (var type in registered)
            {
                next[(type.Group, type.Version, type.Plural)] = type;
            }
            _types = next;
        }
        return registered;
    }

    public void UnregisterCrd(string crdName)
    {
        lock (_gate)
        {
            _types = _types.Where(kv => kv.Value.DefinedByCrd != crdName).ToDictionary();
        }
    }

    private static IReadOnlyList<PrinterColumn> Columns(JsonNode? node) =>
        node is JsonArray columns
            ? columns.OfType<JsonObject>().Select(c => new PrinterColumn(
                c["name"]!.GetValue<string>(),
                c["type"]?.GetValue<string>() ?? "string",
                c["jsonPath"]!.GetValue<string>(),
                c["description"]?.GetValue<string>() ?? "",
                c["format"]?.GetValue<string>() ?? "",
                c["priority"]?.GetValue<int>() ?? 0)).ToList()
            : [];

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [];
}
