using System.Net;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Controllers;
using BroadcastOperator.EmbeddedKube.Logs;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.EmbeddedKube;

public sealed record EmbeddedKubeOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>When set, the cluster is loaded from and saved to this JSON file.</summary>
    public string? StateFile { get; init; }

    /// <summary>How many changes watches can resume from; older resourceVersions get 410 Gone.</summary>
    public int EventLogCapacity { get; init; } = 10_000;

    /// <summary>
    /// The folder of container log files the local runner writes (kubelet layout, CRI format; see
    /// <see cref="Logs.PodLogDirectory"/>), served as pods/log. Null: pods/log answers that no logs are kept.
    /// </summary>
    public string? PodLogsDirectory { get; init; }

    /// <summary>How long a watch that asked for bookmarks stays idle before it gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A Kubernetes API server for one machine, over HTTP on loopback: for `make run`, `make dev-cluster`
/// and the tests. A development and test substrate, not a product: no authentication, no
/// scheduling, no kubelet; state in memory, optionally persisted to a file.
/// </summary>
public sealed class EmbeddedKubeServer : IAsyncDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly ClusterControllers _controllers;
    private readonly StatePersistence? _persistence;

    private EmbeddedKubeServer(WebApplication app, ObjectStore store, ResourceRegistry registry, ClusterControllers controllers, StatePersistence? persistence, Uri baseAddress)
    {
        _app = app;
        Store = store;
        Registry = registry;
        _controllers = controllers;
        _persistence = persistence;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry { get; }

    public static async Task<EmbeddedKubeServer> StartAsync(EmbeddedKubeOptions options, ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var registry = new ResourceRegistry();
        var store = new ObjectStore(new Admission(), options.EventLogCapacity);
        var controllers = new ClusterControllers(store, registry, loggerFactory.CreateLogger<ClusterControllers>());
        var persistence = options.StateFile is null ? null : StatePersistence.Attach(store, registry, options.StateFile);
        foreach (var ns in InitialNamespaces)
        {
            if (store.Get(BuiltinResources.Namespaces, "", ns) is null)
            {
                store.Create(BuiltinResources.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes * 2;
        });
        var app = builder.Build();
        var podLogs = new PodLogStreamer(store, options.PodLogsDirectory is null ? null : new PodLogDirectory(options.PodLogsDirectory), TimeProvider.System);
        var router = new ApiRouter(registry, new ResourceHandler(store, registry, new WatchStreamer(store, options.BookmarkInterval), podLogs),
            loggerFactory.CreateLogger<ApiRouter>());
        app.Run(router.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedKubeServer(app, store, registry, controllers, persistence, new Uri(address.Replace("[::]", "127.0.0.1")));
    }

    /// <summary>
    /// A kubeconfig that points kubectl and KubernetesClient at this server. The server checks no
    /// credentials; the token is there because clients refuse a user without any.
    /// </summary>
    public string KubeconfigYaml(string contextName = "broadcast-local") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {contextName}
          cluster:
            server: {BaseAddress.ToString().TrimEnd('/')}
        users:
        - name: {contextName}
          user:
            token: embedded-no-auth
        contexts:
        - name: {contextName}
          context:
            cluster: {contextName}
            user: {contextName}
            namespace: default
        current-context: {contextName}

        """;

    /// <summary>Stores every CRD in a folder of YAML files (config/crds), as `kubectl apply -f` would create them.</summary>
    public void ApplyCrds(string directory)
    {
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var crd = (JsonObject)RequestBody.ParseYaml(File.ReadAllBytes(file));
            Store.Create(BuiltinResources.CustomResourceDefinitions, "", crd);
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public void WriteKubeconfig(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, KubeconfigYaml());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _controllers.DisposeAsync();
        if (_persistence is not null)
        {
            await _persistence.DisposeAsync();
        }
    }
}
