using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>`helm template` renders the chart (skipped, with the reason printed, where helm is not installed).</summary>
public sealed class HelmTemplateTests
{
    private static IReadOnlyList<Dictionary<object, object?>> Render(params string[] sets)
    {
        var helm = Tool.Find("helm");
        Skip.If(helm is null, "helm is not installed on this machine: the chart's templates are not rendered (the always-on checks still run)");
        var arguments = new List<string> { "template", "broadcast", ChartTemplates.ChartDirectory, "--namespace", "broadcast-system", "--include-crds" };
        arguments.AddRange(sets.SelectMany(s => new[] { "--set", s }));
        var (exitCode, stdout, stderr) = Tool.Run(helm!, arguments);
        Assert.True(exitCode == 0, $"helm template failed:\n{stderr}");
        return YamlDocuments.Parse(stdout);
    }

    private static HashSet<string> Kinds(IEnumerable<Dictionary<object, object?>> documents) =>
        documents.Select(d => $"{d.Text("kind")}/{d.Text("metadata.name")}").ToHashSet();

    [SkippableFact]
    public void Defaults_render_operator_session_api_signaling_and_the_crd()
    {
        var objects = Kinds(Render());
        Assert.Contains("CustomResourceDefinition/broadcastsessions.broadcast.dev", objects);
        Assert.Contains("Deployment/broadcast-broadcast-operator-operator", objects);
        Assert.Contains("Deployment/broadcast-broadcast-operator-session-api", objects);
        Assert.Contains("Deployment/broadcast-broadcast-operator-signaling", objects);
        Assert.DoesNotContain(objects, o => o.StartsWith("Ingress/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Kvs_mode_renders_no_signaling()
    {
        var objects = Kinds(Render("signaling.mode=kvs"));
        Assert.DoesNotContain(objects, o => o.Contains("signaling", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Ingress_and_service_monitors_render_when_enabled()
    {
        var objects = Kinds(Render("ingress.enabled=true", "serviceMonitor.enabled=true"));
        Assert.Contains(objects, o => o.StartsWith("Ingress/", StringComparison.Ordinal));
        Assert.Equal(3, objects.Count(o => o.StartsWith("ServiceMonitor/", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public void Rendered_rbac_grants_exactly_the_verbs_the_code_uses()
    {
        var granted = RbacRules.ByComponent(Render());
        var expected = ComponentPermissions.Expected();
        Assert.Equal(expected.Keys.Order(), granted.Keys.Order());
        foreach (var (component, permissions) in expected)
        {
            Assert.True(permissions.SetEquals(granted[component]), $"{component}: rendered RBAC differs from the code");
        }
    }

    [SkippableFact]
    public void Watch_namespace_turns_the_cluster_role_into_a_role()
    {
        var objects = Kinds(Render("operator.watchNamespace=sessions"));
        Assert.Contains("Role/broadcast-broadcast-operator-operator", objects);
        Assert.DoesNotContain("ClusterRole/broadcast-broadcast-operator-operator", objects);
    }
}
