using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>`kubectl kustomize config/default` renders an installable set of objects.</summary>
public sealed class KustomizeTests
{
    [SkippableFact]
    public void Default_renders_the_crd_the_three_services_and_their_rbac()
    {
        var objects = Kustomize.RenderDefault().Select(d => $"{d.Text("kind")}/{d.Text("metadata.name")}").ToHashSet();
        foreach (var expected in new[]
                 {
                     "CustomResourceDefinition/broadcastsessions.broadcast.dev", "Namespace/broadcast-system",
                     "Deployment/broadcast-operator", "Deployment/broadcast-session-api", "Deployment/broadcast-signaling",
                     "Service/broadcast-session-api", "Service/broadcast-signaling", "ClusterRole/broadcast-operator",
                     "Role/broadcast-operator-leader-election", "Role/broadcast-session-api", "Role/broadcast-media-worker",
                 })
        {
            Assert.Contains(expected, objects);
        }
    }

    [SkippableFact]
    public void Every_object_has_a_kind_a_name_and_apart_from_cluster_scoped_ones_the_namespace()
    {
        var clusterScoped = new[] { "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding" };
        foreach (var document in Kustomize.RenderDefault())
        {
            Assert.False(string.IsNullOrEmpty(document.Text("apiVersion")));
            Assert.False(string.IsNullOrEmpty(document.Text("metadata.name")));
            var kind = document.Text("kind");
            Assert.Equal(clusterScoped.Contains(kind) ? null : "broadcast-system", document.Text("metadata.namespace"));
        }
    }

    [SkippableFact]
    public void Operator_runs_two_replicas_with_a_lease_identity_per_pod()
    {
        var deployment = Deployment("broadcast-operator");
        Assert.Equal("2", deployment.Text("spec.replicas"));
        var env = Env(deployment);
        Assert.Equal("true", env["Operator__LeaderElection__Enabled"]);
        Assert.Equal("$(POD_NAME)", env["Operator__LeaderElection__Identity"]);
    }

    [SkippableFact]
    public void Every_workload_is_non_root_read_only_without_capabilities_and_probed()
    {
        foreach (var deployment in Kustomize.RenderDefault().Where(d => d.Text("kind") == "Deployment"))
        {
            var name = deployment.Text("metadata.name");
            Assert.True(deployment.Text("spec.template.spec.securityContext.runAsNonRoot") == "true", $"{name}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", deployment.Text("spec.template.spec.securityContext.seccompProfile.type"));
            foreach (var container in deployment.At("spec.template.spec.containers").Maps())
            {
                Assert.True(container.Text("securityContext.readOnlyRootFilesystem") == "true", $"{name}: read-only root");
                Assert.True(container.Text("securityContext.allowPrivilegeEscalation") == "false", $"{name}: no escalation");
                Assert.Equal(["ALL"], container.At("securityContext.capabilities.drop").Strings());
                Assert.Equal("/healthz", container.Text("livenessProbe.httpGet.path"));
                Assert.Equal("/readyz", container.Text("readinessProbe.httpGet.path"));
                Assert.NotNull(container.At("resources.requests"));
                Assert.NotNull(container.At("resources.limits"));
            }
        }
    }

    [SkippableFact]
    public void Secret_references_point_at_the_generated_credentials_secret()
    {
        var documents = Kustomize.RenderDefault();
        var secret = documents.Single(d => d.Text("kind") == "Secret").Text("metadata.name");
        var references = documents.Where(d => d.Text("kind") == "Deployment")
            .SelectMany(d => d.At("spec.template.spec.containers").Maps())
            .SelectMany(c => c.At("env").Maps())
            .Select(e => e.Text("valueFrom.secretKeyRef.name"))
            .OfType<string>().Distinct().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Equal(secret, r));
    }

    private static Dictionary<object, object?> Deployment(string name) =>
        Kustomize.RenderDefault().Single(d => d.Text("kind") == "Deployment" && d.Text("metadata.name") == name);

    private static Dictionary<string, string?> Env(Dictionary<object, object?> deployment) =>
        deployment.At("spec.template.spec.containers").Maps().First().At("env").Maps()
            .ToDictionary(e => e.Text("name")!, e => e.Text("value"));
}
