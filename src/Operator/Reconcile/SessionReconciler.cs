using System.Net;
using System.Text.Json.Nodes;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Events;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Runtime;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>What a reconcile did: how many writes it made and when to look again.</summary>
public sealed record ReconcileResult(int Writes, TimeSpan? RequeueAfter)
{
    public static readonly ReconcileResult Gone = new(0, null);
}

/// <summary>
/// The thin executor around <see cref="SessionPlanner"/>: observe (CR, channels, pod, service), plan,
/// apply the actions, observe again, until the plan has nothing left but status, which is then
/// merge-patched once. Level-triggered: it never looks at the event that woke it, only at the key.
/// Any exception goes back to the work queue, which retries with backoff.
/// </summary>
public sealed partial class SessionReconciler(
    IKubernetes client,
    IChannelProviderRegistry providers,
    PlannerSettings settings,
    EventRecorder events,
    TimeProvider time,
    ILogger<SessionReconciler> logger)
{
    /// <summary>Rounds of act-then-observe in one reconcile; a fresh session needs four (finalizer, channels, worker, status).</summary>
    private const int MaxRounds = 6;

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ResourceKeys.Split(key);
        var writes = 0;
        for (var round = 0; ; round++)
        {
            var session = await GetSessionAsync(ns, name, cancellationToken);
            if (session is null)
            {
                return ReconcileResult.Gone;
            }
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["session"] = key });
            var observed = await ObserveAsync(session, cancellationToken);
            var plan = SessionPlanner.Plan(session, observed, settings, time.GetUtcNow().UtcDateTime);
            if (plan.Converged || round == MaxRounds - 1)
            {
                writes += await WriteStatusAsync(session, plan, cancellationToken);
                // Out of rounds with work left: come back soon rather than spin here.
                return new ReconcileResult(writes, plan.Converged ? plan.RequeueAfter : TimeSpan.FromMilliseconds(100));
            }
            if (plan.StatusFirst && plan.StatusPatch is not null)
            {
                writes += await WriteStatusAsync(session, plan, cancellationToken);
                continue;
            }
            if (plan.Actions.Any(a => a is DeleteSession))
            {
                // Expiry: say so in status first, then delete; the finalizer takes it from there.
                writes += await WriteStatusAsync(session, plan, cancellationToken);
            }
            // Actions of one plan are independent of each other (channels, pod, service), so they go in parallel.
            await Task.WhenAll(plan.Actions.Select(action => ApplyAsync(session, action, cancellationToken)));
            writes += plan.Actions.Count;
            foreach (var actionEvent in plan.ActionEvents)
            {
                await events.RecordAsync(session, actionEvent, cancellationToken);
            }
            if (plan.Actions.Any(a => a is RemoveFinalizer or DeleteSession))
            {
                return new ReconcileResult(writes, null);
            }
        }
    }

    private async Task<int> WriteStatusAsync(BroadcastSession session, SessionPlan plan, CancellationToken cancellationToken)
    {
        if (plan.StatusPatch is null)
        {
            return 0;
        }
        var patch = new V1Patch(OperatorStatus.MergePatch(plan.StatusPatch), V1Patch.PatchType.MergePatch);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, BroadcastSession.Group, BroadcastSession.Version,
            session.Metadata.NamespaceProperty, BroadcastSession.Plural, session.Metadata.Name, cancellationToken: cancellationToken);
        LogStatus(logger, plan.StatusPatch.Phase, session.Metadata.NamespaceProperty, session.Metadata.Name);
        foreach (var statusEvent in plan.StatusEvents)
        {
            await events.RecordAsync(session, statusEvent, cancellationToken);
        }
        return 1;
    }

    private async Task<BroadcastSession?> GetSessionAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<BroadcastSession>(BroadcastSession.Group, BroadcastSession.Version,
                ns, BroadcastSession.Plural, name, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<ObservedSession> ObserveAsync(BroadcastSession session, CancellationToken cancellationToken)
    {
        var meta = session.Metadata;
        var provider = providers.Get(session.Spec.ChannelProvider ?? ChannelProvider.Embedded);
        var channels = provider is null ? [] : await provider.ListAsync(ChannelNames.Prefix(meta.NamespaceProperty, meta.Name), cancellationToken);
        var pod = await NullIfNotFound(() => client.CoreV1.ReadNamespacedPodAsync(WorkerResources.PodName(meta.Name), meta.NamespaceProperty, cancellationToken: cancellationToken));
        var service = await NullIfNotFound(() => client.CoreV1.ReadNamespacedServiceAsync(WorkerResources.ServiceName(meta.Name), meta.NamespaceProperty, cancellationToken: cancellationToken));
        var mediaService = settings.Worker.Media.Mode is WorkerMediaMode.NodePort or WorkerMediaMode.LoadBalancer
            ? await NullIfNotFound(() => client.CoreV1.ReadNamespacedServiceAsync(WorkerResources.MediaServiceName(meta.Name), meta.NamespaceProperty, cancellationToken: cancellationToken))
            : null;
        // Only children this session controls count; a same-named stranger is not ours to replace.
        return new ObservedSession(channels, OwnedBy(pod, meta.Uid), OwnedBy(service, meta.Uid), OwnedBy(mediaService, meta.Uid));
    }

    private async Task ApplyAsync(BroadcastSession session, SessionAction action, CancellationToken cancellationToken)
    {
        var meta = session.Metadata;
        switch (action)
        {
            case AddFinalizer:
                await PatchFinalizersAsync(session, (meta.Finalizers ?? []).Append(PlannerSettings.Finalizer).Distinct().ToList(), cancellationToken);
                break;
            case RemoveFinalizer:
                await PatchFinalizersAsync(session, (meta.Finalizers ?? []).Where(f => f != PlannerSettings.Finalizer).ToList(), cancellationToken);
                break;
            case CreateChannel create:
                await Provider(session).EnsureAsync(create.Name, new Dictionary<string, string>
                {
                    ["broadcast.dev/session"] = $"{meta.NamespaceProperty}/{meta.Name}",
                    ["broadcast.dev/uid"] = meta.Uid ?? "",
                }, cancellationToken);
                LogChannelCreated(logger, create.Name);
                break;
            case DeleteChannel delete:
                await Provider(session).DeleteAsync(delete.Channel, cancellationToken);
                LogChannelDeleted(logger, delete.Channel.Name);
                break;
            case CreatePod create:
                await IgnoreConflict(() => client.CoreV1.CreateNamespacedPodAsync(create.Pod, meta.NamespaceProperty, cancellationToken: cancellationToken));
                break;
            case CreateArchiveClaim create:
                await IgnoreConflict(() => client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(create.Claim, meta.NamespaceProperty, cancellationToken: cancellationToken));
                break;
            case DeletePod delete:
                await NullIfNotFound(() => client.CoreV1.DeleteNamespacedPodAsync(delete.Name, meta.NamespaceProperty, cancellationToken: cancellationToken));
                break;
            case CreateService create:
                await IgnoreConflict(() => client.CoreV1.CreateNamespacedServiceAsync(create.Service, meta.NamespaceProperty, cancellationToken: cancellationToken));
                break;
            case DeleteSession:
                await NullIfNotFound(() => client.CustomObjects.DeleteNamespacedCustomObjectAsync(BroadcastSession.Group, BroadcastSession.Version,
                    meta.NamespaceProperty, BroadcastSession.Plural, meta.Name, cancellationToken: cancellationToken));
                break;
            default:
                throw new InvalidOperationException($"no executor for {action.GetType().Name}");
        }
    }

    /// <summary>A merge patch carrying the resourceVersion we read: a concurrent change gets 409 and a retry.</summary>
    private Task PatchFinalizersAsync(BroadcastSession session, List<string> finalizers, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = session.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
            },
        };
        return client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch),
            BroadcastSession.Group, BroadcastSession.Version, session.Metadata.NamespaceProperty, BroadcastSession.Plural, session.Metadata.Name,
            cancellationToken: cancellationToken);
    }

    private IChannelProvider Provider(BroadcastSession session) =>
        providers.Get(session.Spec.ChannelProvider ?? ChannelProvider.Embedded)
        ?? throw new InvalidOperationException("the session's channel provider is not configured");

    private static T? OwnedBy<T>(T? obj, string? uid) where T : class, IMetadata<V1ObjectMeta> =>
        obj?.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true ? obj : null;

    private static async Task<T?> NullIfNotFound<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task IgnoreConflict<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there (an earlier round or another replica): the next observation decides.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "status {Phase} written for {Namespace}/{Name}")]
    private static partial void LogStatus(ILogger logger, SessionPhase? phase, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "channel {Channel} created")]
    private static partial void LogChannelCreated(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "channel {Channel} deleted")]
    private static partial void LogChannelDeleted(ILogger logger, string channel);
}
