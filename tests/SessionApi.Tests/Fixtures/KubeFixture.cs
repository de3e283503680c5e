using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.EmbeddedKube.Resources;
using k8s;
using k8s.Models;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>The embedded Kubernetes API server with the BroadcastSession CRD from config/crds.</summary>
public sealed class KubeFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sessionapi-tests-").FullName;

    public EmbeddedKubeServer Server { get; private set; } = null!;
    public k8s.Kubernetes Client { get; private set; } = null!;
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0 });
        Server.WriteKubeconfig(KubeconfigPath);
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        Server.ApplyCrds(Repository.Crds);
    }

    public async Task<string> NewNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
