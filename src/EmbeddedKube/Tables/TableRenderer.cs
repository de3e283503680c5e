using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Storage;

namespace BroadcastOperator.EmbeddedKube.Tables;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), so
/// `kubectl get` shows a CRD's printer columns and the usual columns of the built-in kinds.
/// </summary>
public static class TableRenderer
{
    public static JsonObject Render(ResourceType type, IEnumerable<JsonObject> objects, long resourceVersion, string includeObject, bool withColumns = true)
    {
        var columns = ColumnsOf(type);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var column in columns)
            {
                cells.Add(Cell(column, obj));
            }
            var row = new JsonObject { ["cells"] = cells };
            var rowObject = RowObject(obj, includeObject);
            if (rowObject is not null)
            {
                row["object"] = rowObject;
            }
            rows.Add(row);
        }
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
        };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode?)c.ToDefinition()).ToArray());
        }
        table["rows"] = rows;
        return table;
    }

    private static IReadOnlyList<PrinterColumn> ColumnsOf(ResourceType type)
    {
        var name = new PrinterColumn("Name", "string", ".metadata.name", "Name must be unique within a namespace.", "name");
        var age = new PrinterColumn("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.");
        if (type.PrinterColumns.Count > 0)
        {
            return [name, .. type.PrinterColumns];
        }
        return type.Plural switch
        {
            "namespaces" => [name, new PrinterColumn("Status", "string", ".status.phase"), age],
            "pods" => [name, new PrinterColumn("Ready", "string", "ready"), new PrinterColumn("Status", "string", ".status.phase"),
                new PrinterColumn("Restarts", "integer", "restarts"), age, new PrinterColumn("IP", "string", ".status.podIP", Priority: 1)],
            "services" => [name, new PrinterColumn("Type", "string", ".spec.type"), new PrinterColumn("Cluster-IP", "string", ".spec.clusterIP"),
                new PrinterColumn("Port(s)", "string", "ports"), age],
            "leases" => [name, new PrinterColumn("Holder", "string", ".spec.holderIdentity"), age],
            "events" => [new PrinterColumn("Last Seen", "date", ".lastTimestamp"), new PrinterColumn("Type", "string", ".type"),
                new PrinterColumn("Reason", "string", ".reason"), new PrinterColumn("Object", "string", "involved"), new PrinterColumn("Message", "string", ".message")],
            _ => [name, age],
        };
    }

    private static JsonNode? Cell(PrinterColumn column, JsonObject obj)
    {
        var value = column.JsonPath switch
        {
            "ready" => Ready(obj),
            "restarts" => Restarts(obj),
            "ports" => Ports(obj),
            "involved" => JsonValue.Create($"{obj["involvedObject"]?["kind"]?.ToString().ToLowerInvariant()}/{obj["involvedObject"]?["name"]}"),
            _ => SimpleJsonPath.Read(obj, column.JsonPath)?.DeepClone(),
        };
        return column.Type switch
        {
            "date" => value is null ? "<unknown>" : Age(value.ToString()),
            _ when value is null => null,
            "string" when value is JsonValue v && v.GetValueKind() == JsonValueKind.String => value,
            "string" => value.ToJsonString(),
            _ => value,
        };
    }

    private static JsonNode? RowObject(JsonObject obj, string includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => obj.DeepClone(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone(),
        },
    };

    /// <summary>kubectl's age format: 45s, 12m, 5h, 3d.</summary>
    public static string Age(string timestamp)
    {
        if (!DateTime.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var then))
        {
            return "<invalid>";
        }
        var age = DateTime.UtcNow - then;
        return age.TotalSeconds < 0 ? "0s"
            : age.TotalMinutes < 2 ? $"{(int)age.TotalSeconds}s"
            : age.TotalHours < 2 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    private static JsonNode Ready(JsonObject pod)
    {
        var containers = pod["spec"]?["containers"] as JsonArray;
        var ready = (pod["status"]?["containerStatuses"] as JsonArray)?.Count(s => s?["ready"]?.GetValue<bool>() == true) ?? 0;
        return JsonValue.Create($"{ready}/{containers?.Count ?? 0}");
    }

    private static JsonNode Restarts(JsonObject pod) =>
        JsonValue.Create((pod["status"]?["containerStatuses"] as JsonArray)?.Sum(s => s?["restartCount"]?.GetValue<int>() ?? 0) ?? 0);

    private static JsonNode Ports(JsonObject service) =>
        JsonValue.Create(service["spec"]?["ports"] is JsonArray ports && ports.Count > 0
            ? string.Join(",", ports.Select(p => $"{p?["port"]}/{p?["protocol"] ?? "TCP"}"))
            : "<none>");
}
