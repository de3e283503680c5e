namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>What each deployed component may do, derived from its source code (plus the worker's written contract).</summary>
public static class ComponentPermissions
{
    public static readonly IReadOnlyDictionary<string, string> SourceFolders = new Dictionary<string, string>
    {
        ["operator"] = "Operator",
        ["session-api"] = "SessionApi",
        ["media-worker"] = "MediaWorker",
    };

    /// <summary>
    /// docs/architecture.md §2: the worker reads and merge-patches status.media and status.listenerCount of its session.
    /// Kept as a contract so the chart grants it before the worker's code lands; any further call it makes is
    /// still derived from its source.
    /// </summary>
    public static readonly IReadOnlySet<Permission> WorkerContract = new HashSet<Permission>
    {
        new(KubernetesCallScanner.SessionGroup, $"{KubernetesCallScanner.SessionResource}/status", "get"),
        new(KubernetesCallScanner.SessionGroup, $"{KubernetesCallScanner.SessionResource}/status", "patch"),
    };

    public static Dictionary<string, HashSet<Permission>> Expected()
    {
        var expected = SourceFolders.ToDictionary(
            c => c.Key, c => KubernetesCallScanner.ScanDirectory(Repository.PathOf("src", c.Value)).ToHashSet(), StringComparer.Ordinal);
        expected["media-worker"].UnionWith(WorkerContract);
        return expected;
    }
}
