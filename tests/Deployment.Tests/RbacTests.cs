using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>The chart's and the manifests' RBAC grant exactly what the services' code calls: no more, no less.</summary>
public sealed class RbacTests
{
    [Fact]
    public void Chart_rbac_grants_exactly_the_verbs_the_code_uses()
    {
        var granted = RbacRules.ByComponent(ChartTemplates.AllLiteralDocuments());
        AssertSame(ComponentPermissions.Expected(), granted, "charts/broadcast-operator/templates");
    }

    [SkippableFact]
    public void Kustomize_rbac_grants_exactly_the_verbs_the_code_uses()
    {
        var granted = RbacRules.ByComponent(Kustomize.RenderDefault());
        AssertSame(ComponentPermissions.Expected(), granted, "config/rbac");
    }

    [Fact]
    public void Operator_code_is_seen_to_use_its_known_calls()
    {
        // Guards the scanner itself: if it stopped recognising calls, the exact-match tests would pass on empty sets.
        var used = KubernetesCallScanner.ScanDirectory(Repository.PathOf("src", "Operator"));
        Assert.Contains(new Permission("", "pods", "create"), used);
        Assert.Contains(new Permission("broadcast.dev", "broadcastsessions", "watch"), used);
        Assert.Contains(new Permission("broadcast.dev", "broadcastsessions/status", "patch"), used);
        Assert.Contains(new Permission("coordination.k8s.io", "leases", "update"), used);
    }

    [Theory]
    [InlineData("await client.CoreV1.PatchNamespacedPodAsync(patch, name, ns);", "", "pods", "patch")]
    [InlineData("client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(p, g, v, ns, plural, name)", "broadcast.dev", "broadcastsessions/status", "patch")]
    [InlineData("client.CoreV1.ReplaceNamespacedServiceAsync(svc, name, ns)", "", "services", "update")]
    [InlineData("client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns)", "coordination.k8s.io", "leases", "get")]
    [InlineData("client.CoreV1.WatchListNamespacedPodAsync(ns)", "", "pods", "watch")]
    [InlineData("client.CustomObjects.GetClusterCustomObjectAsync(g, v, plural, name)", "broadcast.dev", "broadcastsessions", "get")]
    public void A_client_call_maps_to_its_resource_and_verb(string source, string group, string resource, string verb) =>
        Assert.Contains(new Permission(group, resource, verb), KubernetesCallScanner.Scan(source));

    [Fact]
    public void A_list_call_with_watch_true_needs_watch_too()
    {
        var used = KubernetesCallScanner.Scan("client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(g, v, ns, p, watch: true);");
        Assert.Equal(
            new HashSet<Permission> { new("broadcast.dev", "broadcastsessions", "list"), new("broadcast.dev", "broadcastsessions", "watch") },
            used.ToHashSet());
    }

    [Fact]
    public void A_new_call_without_a_rule_is_reported_as_missing()
    {
        var expected = ComponentPermissions.Expected();
        expected["operator"].UnionWith(KubernetesCallScanner.Scan("client.CoreV1.ReadNamespacedSecretAsync(name, ns);"));
        var granted = RbacRules.ByComponent(ChartTemplates.AllLiteralDocuments());
        Assert.Contains("core/secrets:get", Differences(expected, granted));
    }

    [Fact]
    public void An_unknown_client_method_fails_loudly_rather_than_being_ignored() =>
        Assert.Throws<InvalidOperationException>(() => KubernetesCallScanner.Scan("client.CoreV1.ConnectGetNamespacedPodExecAsync(name, ns);").ToList());

    private static void AssertSame(Dictionary<string, HashSet<Permission>> expected, Dictionary<string, HashSet<Permission>> granted, string where)
    {
        var differences = Differences(expected, granted);
        Assert.True(differences.Length == 0, $"RBAC in {where} differs from the code's Kubernetes calls:\n{differences}");
    }

    private static string Differences(Dictionary<string, HashSet<Permission>> expected, Dictionary<string, HashSet<Permission>> granted)
    {
        var lines = new List<string>();
        foreach (var component in expected.Keys.Union(granted.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(component) ?? [];
            var have = granted.GetValueOrDefault(component) ?? [];
            lines.AddRange(want.Except(have).Select(p => $"{component}: missing {p}"));
            lines.AddRange(have.Except(want).Select(p => $"{component}: not used by the code {p}"));
        }
        return string.Join('\n', lines.Order(StringComparer.Ordinal));
    }
}
