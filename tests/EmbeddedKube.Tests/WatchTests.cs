using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using k8s;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests;

[Collection(KubeServerCollection.Name)]
public sealed class WatchTests(KubeServerFixture cluster)
{
    private readonly Kubernetes _client = cluster.Client;

    // The Task-based WatchAsync is marked for future deprecation but is the client's streaming watch today.
#pragma warning disable CS0618
    private IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> Watch(string ns, string? resourceVersion, CancellationToken cancellationToken, Action<Exception>? onError = null) =>
        _client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: resourceVersion, allowWatchBookmarks: true, cancellationToken: cancellationToken)
            .WatchAsync<V1ConfigMap, V1ConfigMapList>(onError, cancellationToken);
#pragma warning restore CS0618

    [Fact]
    public async Task Watch_delivers_added_modified_deleted_in_order()
    {
        var ns = await cluster.NewNamespaceAsync();
        var start = (await _client.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<(WatchEventType, string)>();
        var reader = Task.Run(async () =>
        {
            await foreach (var (type, item) in Watch(ns, start, timeout.Token))
            {
                if (type == WatchEventType.Bookmark)
                {
                    continue;
                }
                seen.Add((type, (item.Data is { } data && data.TryGetValue("v", out var v) ? v : "")));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, ns);
        await _client.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"v\":\"2\"}}", V1Patch.PatchType.MergePatch), "c", ns);
        await _client.DeleteNamespacedConfigMapAsync("c", ns);
        await reader;

        Assert.Equal([(WatchEventType.Added, "1"), (WatchEventType.Modified, "2"), (WatchEventType.Deleted, "2")], seen);
    }

    [Fact]
    public async Task Watch_resumes_from_a_bookmark_without_missing_or_repeating_events()
    {
        var ns = await cluster.NewNamespaceAsync();
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, ns);
        var start = (await _client.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;

        string? bookmark = null;
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await foreach (var (type, item) in Watch(ns, start, first.Token))
            {
                if (type == WatchEventType.Bookmark)
                {
                    bookmark = item.Metadata.ResourceVersion;
                    break;
                }
            }
        }
        Assert.NotNull(bookmark);

        // Changes made while nobody watches are delivered when the watch resumes from the bookmark.
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "while-away" } }, ns);
        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var names = new List<string>();
        await foreach (var (type, item) in Watch(ns, bookmark, second.Token))
        {
            if (type == WatchEventType.Added)
            {
                names.Add(item.Metadata.Name);
                break;
            }
        }
        Assert.Equal(["while-away"], names);
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_ends_with_410_gone()
    {
        var ns = await cluster.NewNamespaceAsync();
        var old = (await _client.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, ns);
        cluster.Server.Store.Compact();
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "y" } }, ns);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Exception? error = null;
        var events = 0;
        try
        {
            await foreach (var _ in Watch(ns, old, timeout.Token, e => error = e))
            {
                events++;
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        Assert.Equal(0, events);
        var gone = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, gone.Status.Code);
        Assert.Contains("too old resource version", gone.Status.Message);
    }
}
