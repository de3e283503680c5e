using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;
using k8s;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests.Fixtures;

/// <summary>
/// One embedded API server for a collection of tests, with the BroadcastSession CRD applied
/// from config/crds; each test works in a namespace of its own.
/// </summary>
public sealed class KubeServerFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("embedded-kube-tests-").FullName;

    public EmbeddedKubeServer Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0, BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        Server.WriteKubeconfig(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        Kubectl = new Kubectl(KubeconfigPath, Path.Combine(_directory, "cache"));
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
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class KubeServerCollection : ICollectionFixture<KubeServerFixture>
{
    public const string Name = "embedded kube server";
}
