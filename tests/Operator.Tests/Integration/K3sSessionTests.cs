using System.Diagnostics;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;
using Testcontainers.K3s;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>
/// The core lifecycle against a real k3s through Testcontainers, where a Docker engine is present;
/// reported as skipped otherwise (the build machines have none). Signaling stays the embedded service.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class K3sSessionTests(ClusterFixture cluster)
{
    private static readonly Lazy<bool> DockerAvailable = new(() =>
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (docker is null || !docker.WaitForExit(10_000))
            {
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    [SkippableFact]
    public async Task On_k3s_a_session_becomes_Active_and_its_deletion_leaves_nothing_behind()
    {
        Skip.IfNot(DockerAvailable.Value, "no Docker engine (`docker info` failed): the k3s variant needs one");
        await using var k3s = new K3sBuilder("rancher/k3s:v1.31.2-k3s1").Build();
        await k3s.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"k3s-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, await k3s.GetKubeconfigAsync());
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            foreach (var file in Directory.GetFiles(Repository.Crds, "*.yaml"))
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file)));
            }
            var ns = "k3s-" + Guid.NewGuid().ToString("N")[..8];
            await client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            var scope = new SessionScope(cluster, ns, client);
            await using var op = await OperatorInstance.StartAsync(cluster, ns, settings: new Dictionary<string, string?> { ["Operator:Kubeconfig"] = kubeconfig });
            await Eventually.GetAsync(() => scope.CreateSessionAsync("talk", "en", "es"), s => s is not null, "CRD established", TimeSpan.FromSeconds(30));

            await scope.MarkWorkerReadyAsync("talk");
            var active = await scope.WaitForPhaseAsync("talk", SessionPhase.Active, TimeSpan.FromSeconds(60));
            Assert.Equal(3, (await scope.ChannelsAsync("talk")).Count);
            Assert.NotNull(active.Status!.Channel!.Arn);

            await scope.DeleteSessionAsync("talk");
            await Eventually.GetAsync(() => scope.GetSessionAsync("talk"), s => s is null, "session gone", TimeSpan.FromSeconds(60));
            Assert.Empty(await scope.ChannelsAsync("talk"));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
