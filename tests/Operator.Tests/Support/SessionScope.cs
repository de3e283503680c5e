using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>A test's namespace and what it does there: sessions, their pods, their channels.</summary>
public sealed class SessionScope(ClusterFixture cluster, string ns, IKubernetes? client = null)
{
    public string Namespace { get; } = ns;

    /// <summary>The embedded server's client unless the test runs against another cluster (k3s).</summary>
    public IKubernetes Client => client ?? cluster.Client;

    public static async Task<SessionScope> CreateAsync(ClusterFixture cluster) => new(cluster, await cluster.NewNamespaceAsync());

    public Task<BroadcastSession> CreateSessionAsync(string name, string source = "en", params string[] targets) =>
        CreateSessionAsync(name, null, source, targets);

    public Task<BroadcastSession> CreateSessionAsync(string name, ArchiveSpec? archive, string source = "en", params string[] targets)
    {
        var session = new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new BroadcastSessionSpec
            {
                SpeakerId = "alice", SourceLanguage = source, TargetLanguages = [.. targets.Length == 0 ? ["es"] : targets], Archive = archive,
            },
        };
        return Client.CustomObjects.CreateNamespacedCustomObjectAsync<BroadcastSession>(session, BroadcastSession.Group, BroadcastSession.Version,
            Namespace, BroadcastSession.Plural);
    }

    public async Task<BroadcastSession?> GetSessionAsync(string name)
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<BroadcastSession>(BroadcastSession.Group, BroadcastSession.Version,
                Namespace, BroadcastSession.Plural, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<BroadcastSession> WaitForPhaseAsync(string name, SessionPhase phase, TimeSpan? within = null) =>
        Eventually.GetAsync(async () => (await GetSessionAsync(name))!, s => s?.Status?.Phase == phase, $"{name} {phase}", within)!;

    public Task PatchSpecAsync(string name, string mergePatchJson) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(mergePatchJson, V1Patch.PatchType.MergePatch),
            BroadcastSession.Group, BroadcastSession.Version, Namespace, BroadcastSession.Plural, name);

    /// <summary>Plays the worker's status write of its archive (the worker's own merge patch on the status subresource).</summary>
    public Task ReportArchiveAsync(string name, bool complete) =>
        Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(
            "{\"status\":{\"archive\":{\"location\":\"/archive/" + Namespace + "/" + name + "\",\"complete\":" + (complete ? "true" : "false") + "}}}",
            V1Patch.PatchType.MergePatch),
            BroadcastSession.Group, BroadcastSession.Version, Namespace, BroadcastSession.Plural, name);

    public Task DeleteSessionAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(BroadcastSession.Group, BroadcastSession.Version, Namespace, BroadcastSession.Plural, name);

    public async Task<V1Pod?> GetPodAsync(string session)
    {
        var pods = await Client.CoreV1.ListNamespacedPodAsync(Namespace);
        return pods.Items.FirstOrDefault(p => p.Metadata.Name == WorkerResources.PodName(session));
    }

    public async Task<V1Service?> GetServiceAsync(string session)
    {
        var services = await Client.CoreV1.ListNamespacedServiceAsync(Namespace);
        return services.Items.FirstOrDefault(s => s.Metadata.Name == WorkerResources.ServiceName(session));
    }

    /// <summary>Plays the kubelet's readiness report: waits for the session's worker pod (other than <paramref name="notUid"/>) and marks it Ready.</summary>
    public async Task<V1Pod> MarkWorkerReadyAsync(string session, string? notUid = null)
    {
        var pod = await Eventually.GetAsync(() => GetPodAsync(session), p => p is not null && p.Metadata.Uid != notUid && p.Metadata.DeletionTimestamp is null,
            $"worker pod of {session}");
        var status = """{"status":{"phase":"Running","podIP":"127.0.0.1","conditions":[{"type":"Ready","status":"True"}]}}""";
        return await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), pod!.Metadata.Name, Namespace);
    }

    public async Task<IReadOnlyList<KvsChannelInfo>> ChannelsAsync(string session)
    {
        using var client = cluster.ControlPlane();
        return await client.ListSignalingChannelsAsync(ChannelNames.Prefix(Namespace, session));
    }

    public async Task DeleteChannelAsync(string arn)
    {
        using var client = cluster.ControlPlane();
        await client.DeleteSignalingChannelAsync(arn);
    }

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string session) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == session).ToList();
}
