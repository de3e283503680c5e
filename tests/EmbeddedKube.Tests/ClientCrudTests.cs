using System.Net;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests;

[Collection(KubeServerCollection.Name)]
public sealed class ClientCrudTests(KubeServerFixture cluster)
{
    private readonly Kubernetes _client = cluster.Client;

    private GenericClient Sessions => new(_client, BroadcastSession.Group, BroadcastSession.Version, BroadcastSession.Plural, disposeClient: false);

    private static BroadcastSession NewSession(string name, params string[] targets) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new BroadcastSessionSpec { SpeakerId = "alice", SourceLanguage = "en", TargetLanguages = [.. targets] },
    };

    [Fact]
    public async Task ConfigMap_create_get_list_replace_patch_delete()
    {
        var ns = await cluster.NewNamespaceAsync();
        var created = await _client.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "a" } }, Data = new Dictionary<string, string> { ["k"] = "1" } }, ns);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var read = await _client.ReadNamespacedConfigMapAsync("settings", ns);
        Assert.Equal("1", read.Data["k"]);

        read.Data["k"] = "2";
        var replaced = await _client.ReplaceNamespacedConfigMapAsync(read, "settings", ns);
        Assert.Equal("2", replaced.Data["k"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        var patched = await _client.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"data\":{\"extra\":\"x\"}}", V1Patch.PatchType.MergePatch), "settings", ns);
        Assert.Equal("x", patched.Data["extra"]);
        Assert.Equal("2", patched.Data["k"]);

        var jsonPatched = await _client.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"remove\",\"path\":\"/data/extra\"}]", V1Patch.PatchType.JsonPatch), "settings", ns);
        Assert.False(jsonPatched.Data.ContainsKey("extra"));

        var listed = await _client.ListNamespacedConfigMapAsync(ns, labelSelector: "app=a");
        Assert.Single(listed.Items);

        await _client.DeleteNamespacedConfigMapAsync("settings", ns);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.ReadNamespacedConfigMapAsync("settings", ns));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task BroadcastSession_create_get_list_replace_patch_delete_with_defaults()
    {
        var ns = await cluster.NewNamespaceAsync();
        var created = await Sessions.CreateNamespacedAsync(NewSession("talk", "es"), ns);
        Assert.Equal(500, created.Spec.MaxListeners);
        Assert.Equal(86400, created.Spec.TtlSeconds);
        Assert.Equal(ChannelProvider.Embedded, created.Spec.ChannelProvider);
        Assert.Equal(1, created.Metadata.Generation);

        created.Spec.TargetLanguages.Add("ca");
        var replaced = await Sessions.ReplaceNamespacedAsync(created, ns, "talk");
        Assert.Equal(["es", "ca"], replaced.Spec.TargetLanguages);
        Assert.Equal(2, replaced.Metadata.Generation);

        var patched = await Sessions.PatchNamespacedAsync<BroadcastSession>(
            new V1Patch("{\"spec\":{\"maxListeners\":42}}", V1Patch.PatchType.MergePatch), ns, "talk");
        Assert.Equal(42, patched.Spec.MaxListeners);
        Assert.Equal(3, patched.Metadata.Generation);

        var list = await Sessions.ListNamespacedAsync<BroadcastSessionList>(ns);
        Assert.Equal("talk", Assert.Single(list.Items).Metadata.Name);

        await Sessions.DeleteNamespacedAsync<BroadcastSession>(ns, "talk");
        var after = await Sessions.ListNamespacedAsync<BroadcastSessionList>(ns);
        Assert.Empty(after.Items);
    }

    [Fact]
    public async Task Status_update_leaves_spec_alone_and_spec_update_leaves_status_alone()
    {
        var ns = await cluster.NewNamespaceAsync();
        await Sessions.CreateNamespacedAsync(NewSession("talk", "es"), ns);

        var statusPatch = new V1Patch("{\"status\":{\"phase\":\"Active\",\"listenerCount\":3},\"spec\":{\"sourceLanguage\":\"fr\"}}", V1Patch.PatchType.MergePatch);
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(statusPatch, BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural, "talk");
        var afterStatus = await Sessions.ReadNamespacedAsync<BroadcastSession>(ns, "talk");
        Assert.Equal(SessionPhase.Active, afterStatus.Status?.Phase);
        Assert.Equal("en", afterStatus.Spec.SourceLanguage);
        Assert.Equal(1, afterStatus.Metadata.Generation);

        var specPatch = new V1Patch("{\"spec\":{\"sourceLanguage\":\"fr\"},\"status\":{\"phase\":\"Failed\"}}", V1Patch.PatchType.MergePatch);
        var afterSpec = await Sessions.PatchNamespacedAsync<BroadcastSession>(specPatch, ns, "talk");
        Assert.Equal("fr", afterSpec.Spec.SourceLanguage);
        Assert.Equal(SessionPhase.Active, afterSpec.Status?.Phase);
        Assert.Equal(3, afterSpec.Status?.ListenerCount);
        Assert.Equal(2, afterSpec.Metadata.Generation);
    }

    [Fact]
    public async Task Creating_with_a_status_ignores_it_when_the_kind_has_a_status_subresource()
    {
        var ns = await cluster.NewNamespaceAsync();
        var session = NewSession("talk", "es");
        session.Status = new BroadcastSessionStatus { Phase = SessionPhase.Active };
        var created = await Sessions.CreateNamespacedAsync(session, ns);
        Assert.Null(created.Status);
    }

    [Fact]
    public async Task Stale_resource_version_gets_409_conflict()
    {
        var ns = await cluster.NewNamespaceAsync();
        var first = await Sessions.CreateNamespacedAsync(NewSession("talk", "es"), ns);
        first.Spec.MaxListeners = 10;
        await Sessions.ReplaceNamespacedAsync(first, ns, "talk");

        first.Spec.MaxListeners = 20; // still carries the old resourceVersion
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Sessions.ReplaceNamespacedAsync(first, ns, "talk"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("the object has been modified", conflict.Response.Content);

        var stored = await Sessions.ReadNamespacedAsync<BroadcastSession>(ns, "talk");
        Assert.Equal(10, stored.Spec.MaxListeners);
    }

    [Fact]
    public async Task Update_without_changes_keeps_the_resource_version()
    {
        var ns = await cluster.NewNamespaceAsync();
        var created = await Sessions.CreateNamespacedAsync(NewSession("talk", "es"), ns);
        var again = await Sessions.ReplaceNamespacedAsync(created, ns, "talk");
        Assert.Equal(created.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Generate_name_gives_a_unique_name_with_the_prefix()
    {
        var ns = await cluster.NewNamespaceAsync();
        var names = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "worker-" } }, ns);
            Assert.StartsWith("worker-", created.Metadata.Name);
            names.Add(created.Metadata.Name);
        }
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public async Task Label_and_field_selectors_and_pagination_narrow_lists()
    {
        var ns = await cluster.NewNamespaceAsync();
        for (var i = 0; i < 7; i++)
        {
            await _client.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"cm-{i}", Labels = new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "even" : "odd" } },
            }, ns);
        }
        Assert.Equal(4, (await _client.ListNamespacedConfigMapAsync(ns, labelSelector: "tier=even")).Items.Count);
        Assert.Equal(3, (await _client.ListNamespacedConfigMapAsync(ns, labelSelector: "tier in (odd)")).Items.Count);
        Assert.Equal(7, (await _client.ListNamespacedConfigMapAsync(ns, labelSelector: "tier")).Items.Count);
        Assert.Empty((await _client.ListNamespacedConfigMapAsync(ns, labelSelector: "!tier")).Items);
        Assert.Equal("cm-3", Assert.Single((await _client.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=cm-3")).Items).Metadata.Name);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _client.ListNamespacedConfigMapAsync(ns, limit: 3, continueParameter: token);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
    }
}
