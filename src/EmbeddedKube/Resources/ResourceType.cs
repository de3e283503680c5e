using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Schema;

namespace BroadcastOperator.EmbeddedKube.Resources;

/// <summary>What the server knows of one kind of resource: its names, scope, and behaviour.</summary>
public sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public required bool Namespaced { get; init; }
    public string Singular { get; init; } = "";
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatusSubresource { get; init; }

    /// <summary>Structural schema of a custom resource; null for built-in kinds.</summary>
    public StructuralSchema? Schema { get; init; }

    /// <summary>Columns `kubectl get` prints, beyond the name.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>
    /// A review (SelfSubjectAccessReview and the like): created to be answered, never stored, so
    /// `create` is its only verb.
    /// </summary>
    public bool IsReview { get; init; }

    /// <summary>Set when the type comes from a CRD, which is deleted with it.</summary>
    public string? DefinedByCrd { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Storage key: one bucket per group and plural, whatever the version.</summary>
    public string Key => $"{Group}/{Plural}";

    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";
}

/// <summary>A column of `kubectl get` output, evaluated with a simple JSONPath.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", string Format = "", int Priority = 0)
{
    public JsonObject ToDefinition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
