using System.Text.RegularExpressions;

namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>
/// Derives the Kubernetes permissions a service needs from its source: every KubernetesClient call such as
/// <c>client.CoreV1.CreateNamespacedPodAsync</c> or <c>client.CustomObjects.PatchNamespacedCustomObjectStatusAsync</c>
/// maps to a resource and a verb, so a new call without a matching RBAC rule fails the RBAC tests.
/// </summary>
public static partial class KubernetesCallScanner
{
    /// <summary>The only custom resource of the project; CustomObjects calls address it.</summary>
    public const string SessionGroup = "broadcast.dev";
    public const string SessionResource = "broadcastsessions";

    private static readonly (string Prefix, string Verb)[] VerbPrefixes =
    [
        ("DeleteCollection", "deletecollection"), ("WatchList", "watch"), ("Create", "create"), ("Read", "get"),
        ("Get", "get"), ("List", "list"), ("Patch", "patch"), ("Replace", "update"), ("Delete", "delete"),
    ];

    private static readonly Dictionary<string, (string Group, string Resource)> Kinds = new(StringComparer.Ordinal)
    {
        ["CustomObject"] = (SessionGroup, SessionResource),
        ["Pod"] = ("", "pods"),
        ["Service"] = ("", "services"),
        ["PersistentVolumeClaim"] = ("", "persistentvolumeclaims"),
        ["Event"] = ("", "events"),
        ["Secret"] = ("", "secrets"),
        ["ConfigMap"] = ("", "configmaps"),
        ["Endpoints"] = ("", "endpoints"),
        ["Namespace"] = ("", "namespaces"),
        ["Node"] = ("", "nodes"),
        ["ServiceAccount"] = ("", "serviceaccounts"),
        ["Lease"] = ("coordination.k8s.io", "leases"),
        ["Deployment"] = ("apps", "deployments"),
        ["Role"] = ("rbac.authorization.k8s.io", "roles"),
        ["RoleBinding"] = ("rbac.authorization.k8s.io", "rolebindings"),
    };

    /// <summary>Permissions used by every .cs file under a source folder (bin and obj skipped).</summary>
    public static IReadOnlySet<Permission> ScanDirectory(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .SelectMany(f => Scan(File.ReadAllText(f)))
                .ToHashSet()
            : new HashSet<Permission>();

    public static IReadOnlySet<Permission> Scan(string source)
    {
        var permissions = new HashSet<Permission>();
        foreach (Match call in ClientCall().Matches(source))
        {
            var method = call.Groups["method"].Value;
            var arguments = source[call.Index..Math.Min(source.Length, source.IndexOf(';', call.Index) is var end and >= 0 ? end : source.Length)];
            foreach (var permission in Map(method, arguments))
            {
                permissions.Add(permission);
            }
        }
        // KubernetesClient's leader election reads, creates and replaces its Lease.
        if (LeaseLockUse().IsMatch(source))
        {
            permissions.UnionWith(new[] { "get", "create", "update" }.Select(v => new Permission("coordination.k8s.io", "leases", v)));
        }
        // An owner reference with blockOwnerDeletion needs update on the owner's finalizers subresource.
        if (BlockOwnerDeletion().IsMatch(source))
        {
            permissions.Add(new Permission(SessionGroup, $"{SessionResource}/finalizers", "update"));
        }
        return permissions;
    }

    /// <summary>Maps one client method (without Async) to its permissions; unknown shapes throw so they get a mapping.</summary>
    public static IEnumerable<Permission> Map(string method, string arguments = "")
    {
        var (prefix, verb) = VerbPrefixes.FirstOrDefault(p => method.StartsWith(p.Prefix, StringComparison.Ordinal));
        if (prefix is null)
        {
            throw new InvalidOperationException($"no verb for Kubernetes client method {method}: add it to {nameof(KubernetesCallScanner)}");
        }
        var rest = method[prefix.Length..].Replace("Namespaced", "", StringComparison.Ordinal)
            .Replace("ForAllNamespaces", "", StringComparison.Ordinal);
        if (rest.StartsWith("Cluster", StringComparison.Ordinal))
        {
            rest = rest["Cluster".Length..];
        }
        var subresource = "";
        foreach (var suffix in new[] { "Status", "Scale", "Ephemeralcontainers", "Log" })
        {
            if (rest.EndsWith(suffix, StringComparison.Ordinal) && Kinds.ContainsKey(rest[..^suffix.Length]))
            {
                subresource = "/" + suffix.ToLowerInvariant();
                rest = rest[..^suffix.Length];
            }
        }
        if (!Kinds.TryGetValue(rest, out var kind))
        {
            throw new InvalidOperationException($"no resource for Kubernetes client method {method}: add {rest} to {nameof(KubernetesCallScanner)}");
        }
        yield return new Permission(kind.Group, kind.Resource + subresource, verb);
        if (verb == "list" && WatchArgument().IsMatch(arguments))
        {
            yield return new Permission(kind.Group, kind.Resource + subresource, "watch");
        }
    }

    [GeneratedRegex(@"\.(?:CoreV1|CustomObjects|CoordinationV1|AppsV1|EventsV1|RbacAuthorizationV1)\s*\.\s*(?<method>[A-Z]\w*?)(?:WithHttpMessages)?Async\b")]
    private static partial Regex ClientCall();

    [GeneratedRegex(@"\bwatch\s*:\s*true\b")]
    private static partial Regex WatchArgument();

    [GeneratedRegex(@"\bnew\s+LeaseLock\s*\(")]
    private static partial Regex LeaseLockUse();

    [GeneratedRegex(@"\bBlockOwnerDeletion\s*=\s*true\b")]
    private static partial Regex BlockOwnerDeletion();
}
