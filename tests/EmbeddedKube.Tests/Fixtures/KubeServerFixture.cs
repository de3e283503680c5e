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
        Server.ApplyCrds(RepoPaths.Crds);
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

/// <summary>Waits on a condition with a deadline instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in time: {what ?? "value"} was {value}");
            }
            await Task.Delay(50);
        }
    }
}
