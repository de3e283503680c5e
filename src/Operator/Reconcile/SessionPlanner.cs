using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// The whole reconcile decision, pure: (session, what exists, now) → actions and status. Fixed order:
/// deletion (delete every channel, then drop the finalizer) → ensure the finalizer → TTL → validate
/// the spec → channels → worker Pod and Service → status. The executor re-observes and plans again
/// after applying actions, so each plan only has to take the next step.
/// </summary>
public static class SessionPlanner
{
    public static SessionPlan Plan(BroadcastSession session, ObservedSession observed, PlannerSettings settings, DateTime now)
    {
        var meta = session.Metadata;
        var hasFinalizer = meta.Finalizers?.Contains(PlannerSettings.Finalizer) == true;
        if (meta.DeletionTimestamp is not null)
        {
            return hasFinalizer ? PlanTeardown(session, observed, now) : SessionPlan.Done;
        }
        if (!hasFinalizer)
        {
            return new SessionPlan([new AddFinalizer()], null, [], [], null);
        }

        var expiresAt = ExpiresAt(session);
        if (now >= expiresAt)
        {
            return PlanExpiry(session, now, expiresAt);
        }
        var untilExpiry = expiresAt - now;

        var failure = Validate(session.Spec, settings);
        if (failure is not null)
        {
            return PlanFailure(session, failure.Value.Reason, failure.Value.Message, now, expiresAt, untilExpiry);
        }

        var builder = new StatusBuilder(session, now, expiresAt);
        var actions = new List<SessionAction>();
        var actionEvents = new List<SessionEvent>();

        // Channels: one for the speaker, one per language listeners can pick (the source language too:
        // its listeners get the speaker forwarded by the worker, which is master of that channel).
        var ns = meta.NamespaceProperty;
        var name = meta.Name;
        var sourceName = ChannelNames.Source(ns, name);
        var languages = session.Spec.ServedLanguages.ToList();
        var wanted = languages.Select(l => (Language: l, Name: ChannelNames.ForLanguage(ns, name, l))).ToList();
        var byName = observed.Channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var wantedNames = wanted.Select(w => w.Name).Append(sourceName).ToHashSet(StringComparer.Ordinal);

        actions.AddRange(wantedNames.Where(n => !byName.ContainsKey(n)).Order(StringComparer.Ordinal).Select(n => new CreateChannel(n)));
        foreach (var stale in observed.Channels.Where(c => !wantedNames.Contains(c.Name)))
        {
            actions.Add(new DeleteChannel(stale));
            actionEvents.Add(SessionEvent.Info(ConditionReasons.ChannelDeleted, $"Deleted channel {stale.Name}: its language is no longer in the spec"));
        }
        var channelsReady = wantedNames.All(n => byName.TryGetValue(n, out var c) && c.Active);
        TimeSpan? requeue = untilExpiry;
        if (!channelsReady)
        {
            builder.Channels(false, ConditionReasons.CreatingChannels, $"Creating {wantedNames.Count} signaling channels");
            builder.Worker(false, ConditionReasons.WaitingForChannels, "The worker starts once its channels exist", observed.Pod, observed.Service);
            if (actions.Count == 0)
            {
                requeue = PlannerSettings.PendingChannelRecheck;
            }
            return builder.Build(actions, actionEvents, requeue);
        }

        var source = byName[sourceName];
        var languageChannels = wanted.Select(w => (w.Language, byName[w.Name])).ToList();
        builder.Channels(true, ConditionReasons.ChannelsCreated, $"{wantedNames.Count} signaling channels are active");
        builder.ChannelStatus(source, languageChannels);

        var media = MediaReachability.Plan(session, settings.Worker.Media, observed.MediaService);
        if (media.Service is not null && observed.MediaService is null)
        {
            actions.Add(new CreateService(media.Service));
        }
        var env = WorkerResources.Environment(session, source, languageChannels, settings.Worker);
        var desiredPod = WorkerResources.Pod(session, env, settings.Worker, media);
        var desiredHash = desiredPod.Metadata.Annotations[WorkerLabels.ConfigHash];
        var pod = observed.Pod;
        var workerReady = false;
        string workerReason, workerMessage;
        if (media.WaitingFor is { } waiting)
        {
            // The worker's advertised address is fixed at its start, so it starts once the address is
            // known; the Service's update (nodePort, ingress) is watched and brings the session back.
            (workerReason, workerMessage) = (ConditionReasons.WaitingForMediaAddress, waiting);
        }
        else if (pod is null)
        {
            actions.Add(new CreatePod(desiredPod));
            actionEvents.Add(SessionEvent.Info(ConditionReasons.WorkerCreated, $"Created worker pod {desiredPod.Metadata.Name}"));
            (workerReason, workerMessage) = (ConditionReasons.WorkerStarting, "The worker pod was created and is starting");
        }
        else if (pod.Metadata.DeletionTimestamp is not null)
        {
            // The old pod is still going away; its deletion event brings us back.
            (workerReason, workerMessage) = (ConditionReasons.WorkerStarting, "Waiting for the previous worker pod to go");
        }
        else if (pod.Metadata.Annotations is null || !pod.Metadata.Annotations.TryGetValue(WorkerLabels.ConfigHash, out var hash) || hash != desiredHash)
        {
            // A pod's environment is immutable and the worker reads its languages and channels at
            // start, so a changed spec replaces the pod rather than patching it in place. Listeners
            // reconnect through signaling; language changes are rare enough for that to be the
            // simple, always-correct choice.
            actions.Add(new DeletePod(pod.Metadata.Name));
            actionEvents.Add(SessionEvent.Info(ConditionReasons.WorkerReplaced, $"Replacing worker pod {pod.Metadata.Name}: its languages or settings changed"));
            (workerReason, workerMessage) = (ConditionReasons.WorkerStarting, "The worker is being replaced with new settings");
        }
        else if (WorkerResources.IsReady(pod))
        {
            workerReady = true;
            (workerReason, workerMessage) = (ConditionReasons.WorkerRunning, $"Worker pod {pod.Metadata.Name} is ready");
        }
        else
        {
            (workerReason, workerMessage) = (ConditionReasons.WorkerStarting, $"Worker pod {pod.Metadata.Name} is not ready yet");
        }
        if (observed.Service is null)
        {
            actions.Add(new CreateService(WorkerResources.Service(session, settings.Worker)));
        }
        builder.Worker(workerReady, workerReason, workerMessage, desiredPod, observed.Service ?? WorkerResources.Service(session, settings.Worker));
        return builder.Build(actions, actionEvents, requeue);
    }

    public static DateTime ExpiresAt(BroadcastSession session)
    {
        var created = session.Metadata.CreationTimestamp ?? DateTime.UtcNow;
        created = created.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(created, DateTimeKind.Utc) : created.ToUniversalTime();
        return Conditions.Truncate(created).AddSeconds(session.Spec.TtlSeconds ?? PlannerSettings.DefaultTtlSeconds);
    }

    /// <summary>Why the spec can never work here, with what to change; null when it can.</summary>
    public static (string Reason, string Message)? Validate(BroadcastSessionSpec spec, PlannerSettings settings)
    {
        var provider = spec.ChannelProvider ?? ChannelProvider.Embedded;
        if (!settings.ConfiguredProviders.Contains(provider))
        {
            var configured = settings.ConfiguredProviders.Count == 0
                ? "none"
                : string.Join(", ", settings.ConfiguredProviders.Select(p => p == ChannelProvider.Kvs ? "kvs" : "embedded").Order());
            var setting = provider == ChannelProvider.Kvs ? "Operator__Kvs__Region" : "Operator__Embedded__Endpoint";
            return (ConditionReasons.ProviderNotConfigured,
                $"channelProvider {(provider == ChannelProvider.Kvs ? "kvs" : "embedded")} is not configured on this operator (configured: {configured}). "
                + $"Change spec.channelProvider or set {setting} on the operator.");
        }
        // Cloud translation serves any pair the cloud does; only local engines are limited to the list.
        if (spec.Engines?.Translation != EngineKind.Aws && settings.LanguagePairs.Check(spec.SourceLanguage, spec.TargetLanguages) is { } message)
        {
            return (ConditionReasons.UnservedLanguagePair, message);
        }
        return null;
    }

    private static SessionPlan PlanTeardown(BroadcastSession session, ObservedSession observed, DateTime now)
    {
        if (observed.Channels.Count > 0)
        {
            var builder = new StatusBuilder(session, now, ExpiresAt(session)) { Phase = SessionPhase.Terminating };
            builder.Ready(false, ConditionReasons.Terminating, "The session is being deleted");
            return builder.Build(observed.Channels.Select(c => (SessionAction)new DeleteChannel(c)).ToList(), [], null);
        }
        // Pod and Service follow through owner-reference garbage collection.
        return new SessionPlan([new RemoveFinalizer()], null,
            [SessionEvent.Info(ConditionReasons.TornDown, "Deleted every signaling channel of the session")], [], null);
    }

    private static SessionPlan PlanExpiry(BroadcastSession session, DateTime now, DateTime expiresAt)
    {
        var builder = new StatusBuilder(session, now, expiresAt) { Phase = SessionPhase.Expired };
        builder.Ready(false, ConditionReasons.Expired, $"The session expired at {expiresAt:u} (spec.ttlSeconds)");
        return builder.Build([new DeleteSession()], [], null);
    }

    private static SessionPlan PlanFailure(BroadcastSession session, string reason, string message, DateTime now, DateTime expiresAt, TimeSpan untilExpiry)
    {
        var builder = new StatusBuilder(session, now, expiresAt) { Phase = SessionPhase.Failed };
        builder.Ready(false, reason, message);
        // Not retried: only a spec change (a new generation) or expiry brings the session back here.
        return builder.Build([], [], untilExpiry);
    }

}
