namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>The parts of a DeleteOptions body (or query) the store honours.</summary>
public sealed record DeleteOptions(string? PropagationPolicy = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null, bool DryRun = false);

/// <summary>Finalizers the server itself places and removes.</summary>
public static class Finalizers
{
    public const string Orphan = "orphan";
    public const string ForegroundDeletion = "foregroundDeletion";
}
