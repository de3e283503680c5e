using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests;

[Collection(KubeServerCollection.Name)]
public sealed class LifecycleTests(KubeServerFixture cluster)
{
    private readonly Kubernetes _client = cluster.Client;

    private GenericClient Sessions => new(_client, BroadcastSession.Group, BroadcastSession.Version, BroadcastSession.Plural, disposeClient: false);

    [Fact]
    public async Task Delete_with_a_finalizer_sets_deletion_timestamp_and_waits_for_the_finalizer()
    {
        var ns = await cluster.NewNamespaceAsync();
        await Sessions.CreateNamespacedAsync(new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["broadcast.dev/teardown"] },
            Spec = new BroadcastSessionSpec { SpeakerId = "a", SourceLanguage = "en", TargetLanguages = ["es"] },
        }, ns);

        await Sessions.DeleteNamespacedAsync<BroadcastSession>(ns, "held");
        var pending = await Sessions.ReadNamespacedAsync<BroadcastSession>(ns, "held");
        Assert.NotNull(pending.Metadata.DeletionTimestamp);

        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Sessions.PatchNamespacedAsync<BroadcastSession>(
            new V1Patch("{\"metadata\":{\"finalizers\":[\"broadcast.dev/teardown\",\"other\"]}}", V1Patch.PatchType.MergePatch), ns, "held"));
        Assert.Contains("no new finalizers can be added", refused.Response.Content);

        await Sessions.PatchNamespacedAsync<BroadcastSession>(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), ns, "held");
        var list = await Sessions.ListNamespacedAsync<BroadcastSessionList>(ns);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task Deleting_an_owner_cascades_to_its_pod_and_service()
    {
        var ns = await cluster.NewNamespaceAsync();
        var owner = await Sessions.CreateNamespacedAsync(new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = "owner" },
            Spec = new BroadcastSessionSpec { SpeakerId = "a", SourceLanguage = "en", TargetLanguages = ["es"] },
        }, ns);
        var reference = new V1OwnerReference { ApiVersion = BroadcastSession.ApiVersionString, Kind = BroadcastSession.KindName, Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true, Controller = true };
        await _client.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "worker", OwnerReferences = [reference] },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "worker", Image = "media-worker" }] },
        }, ns);
        await _client.CreateNamespacedServiceAsync(new V1Service { Metadata = new V1ObjectMeta { Name = "worker", OwnerReferences = [reference] } }, ns);
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated" } }, ns);

        await Sessions.DeleteNamespacedAsync<BroadcastSession>(ns, "owner");

        await Eventually.GetAsync(async () => (await _client.ListNamespacedPodAsync(ns)).Items.Count, count => count == 0, what: "pods left");
        await Eventually.GetAsync(async () => (await _client.ListNamespacedServiceAsync(ns)).Items.Count, count => count == 0, what: "services left");
        Assert.Single((await _client.ListNamespacedConfigMapAsync(ns)).Items);
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        var ns = await cluster.NewNamespaceAsync();
        var owner = await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "child", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }] },
        }, ns);

        await _client.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Orphan");

        var child = await Eventually.GetAsync(() => _client.ReadNamespacedConfigMapAsync("child", ns), c => c.Metadata.OwnerReferences is null or { Count: 0 }, what: "child owner references");
        Assert.Equal("child", child.Metadata.Name);
        await Eventually.GetAsync(async () => (await _client.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=owner")).Items.Count, n => n == 0, what: "owner");
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var ns = await cluster.NewNamespaceAsync();
        var owner = await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        // The child's own finalizer holds it, so the owner's wait is observable, not a race the test might win by luck.
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "child",
                Finalizers = ["test.broadcast.dev/hold"],
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true }],
            },
        }, ns);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var deletions = new DeletionOrder(_client, ns, stop.Token);
        await deletions.StartedAsync;

        await _client.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Foreground");

        await Eventually.GetAsync(() => _client.ReadNamespacedConfigMapAsync("child", ns), c => c.Metadata.DeletionTimestamp is not null, what: "child marked for deletion");
        var waiting = await _client.ReadNamespacedConfigMapAsync("owner", ns);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);
        Assert.Empty(deletions.Names);

        await _client.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "child", ns);

        await Eventually.GetAsync(() => Task.FromResult(deletions.Names), n => n.Count == 2, what: "deletions seen by the watch");
        Assert.Equal(["child", "owner"], deletions.Names);
    }

    /// <summary>Records, from a watch opened before the delete, the names of config maps in the order the server deleted them.</summary>
    private sealed class DeletionOrder
    {
        private readonly List<string> _names = [];
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DeletionOrder(Kubernetes client, string ns, CancellationToken cancellationToken) =>
            _ = WatchAsync(client, ns, cancellationToken);

        public Task StartedAsync => _started.Task;

        public List<string> Names
        {
            get
            {
                lock (_names)
                {
                    return [.. _names];
                }
            }
        }

        private async Task WatchAsync(Kubernetes client, string ns, CancellationToken cancellationToken)
        {
            try
            {
                // The initial ADDED events of the existing objects arrive first: once both are seen, the watch is open.
                var added = 0;
                await foreach (var (type, map) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: cancellationToken))
                {
                    if (type == WatchEventType.Added && ++added == 2)
                    {
                        _started.TrySetResult();
                    }
                    if (type == WatchEventType.Deleted)
                    {
                        lock (_names)
                        {
                            _names.Add(map.Metadata.Name);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                _started.TrySetException(e);
            }
        }
    }

    [Fact]
    public async Task Deleting_a_namespace_removes_everything_in_it()
    {
        var ns = await cluster.NewNamespaceAsync();
        await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, ns);
        await _client.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "b" } }, ns);

        await _client.DeleteNamespaceAsync(ns);

        await Eventually.GetAsync(async () => (await _client.ListNamespaceAsync(fieldSelector: $"metadata.name={ns}")).Items.Count, n => n == 0, what: "namespace");
        Assert.Empty((await _client.ListNamespacedConfigMapAsync(ns)).Items);
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.Response.StatusCode);
    }

    [Fact]
    public async Task Leases_serve_leader_election()
    {
        var ns = await cluster.NewNamespaceAsync();
        var lease = await _client.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "operator" },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 },
        }, ns);
        lease.Spec.HolderIdentity = "b";
        var taken = await _client.ReplaceNamespacedLeaseAsync(lease, "operator", ns);
        Assert.Equal("b", taken.Spec.HolderIdentity);
    }
}
