using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// How a create, update or patch is carried out. A dry run goes through admission, defaulting,
/// validation and the conflict checks of a real write, then stores nothing, emits no watch event
/// and leaves the resourceVersion where it was.
/// </summary>
public sealed record WriteOptions(bool DryRun = false, FieldOwner? Owner = null)
{
    public static readonly WriteOptions Default = new();
}

/// <summary>
/// Who makes a write, for <c>metadata.managedFields</c>: the field manager and the operation.
/// For Apply, the configuration the manager applied names the fields it owns.
/// </summary>
public sealed record FieldOwner(string Manager, string Operation, JsonObject? AppliedConfiguration = null)
{
    public const string Apply = "Apply";
    public const string Update = "Update";
}
