using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// The whole reconcile decision, pure: (session, what exists, now) → actions and status. Fixed order:
/// deletion (delete every channel, then drop the finalizer) → ensure the finalizer → TTL → validate
/// the spec → channels → worker Pod and Service → status. The executor re-observes and plans again
/// after applying actions, so each plan only has to take the next step. Each step is a method of its
/// own concern: <see cref="PlanTeardown"/>, <see cref="PlanExpiry"/>, <see cref="PlanFailure"/>,
/// <see cref="PlanChannels"/>, <see cref="PlanWorker"/> (with <see cref="PlanWorkerPod"/>).
/// </summary>
public static class SessionPlanner
{
    public static SessionPlan Plan(BroadcastSession session, ObservedSession observed, PlannerSettings settings, DateTime now)
    {
        var meta = session.Metadata;
        var hasFinalizer = meta.Finalizers?.Contains(PlannerSettings.Finalizer) == true;
        if (meta.DeletionTimestamp is not null)
        {
            return hasFinalizer ? PlanTeardown(session, observed, settings.Worker.ArchiveGracePeriod, now) : SessionPlan.Done;
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

        var status = new StatusBuilder(session, now, expiresAt);
        var changes = new Changes();
        var channels = PlanChannels(session, observed, changes);
        if (channels.Active is not { } active)
        {
            status.Channels(false, ConditionReasons.CreatingChannels, $"Creating {channels.Count} signaling channels");
            status.Worker(false, ConditionReasons.WaitingForChannels, "The worker starts once its channels exist", observed.Pod, observed.Service);
            return status.Build(changes.Actions, changes.Events, changes.Actions.Count == 0 ? PlannerSettings.PendingChannelRecheck : untilExpiry);
        }
        status.Channels(true, ConditionReasons.ChannelsCreated, $"{channels.Count} signaling channels are active");
        status.ChannelStatus(active.Source, active.Languages);

        PlanWorker(session, observed, settings.Worker, active, status, changes);
        return status.Build(changes.Actions, changes.Events, untilExpiry);
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

    /// <summary>
    /// Deletion: an archiving session first waits for its archive (<see cref="PlanArchiveTeardown"/>); then every channel is
    /// deleted and the finalizer removed. Pod and Services follow through owner-reference garbage collection.
    /// </summary>
    private static SessionPlan PlanTeardown(BroadcastSession session, ObservedSession observed, TimeSpan archiveGrace, DateTime now)
    {
        var builder = new StatusBuilder(session, now, ExpiresAt(session)) { Phase = SessionPhase.Terminating };
        builder.Ready(false, ConditionReasons.Terminating, "The session is being deleted");
        var archiving = session.Spec.Archive is { IsEnabled: true };
        if (archiving && PlanArchiveTeardown(session, observed, archiveGrace, now, builder) is { } waiting)
        {
            return waiting;
        }
        if (observed.Channels.Count > 0)
        {
            var deletes = observed.Channels.Select(c => (SessionAction)new DeleteChannel(c)).ToList();
            // Without an archive nobody reads the Terminating status before the CR goes; with one, Archived must be seen first.
            return builder.Build(deletes, [], null) with { StatusFirst = archiving };
        }
        var events = new List<SessionEvent> { SessionEvent.Info(ConditionReasons.TornDown, "Deleted every signaling channel of the session") };
        return archiving
            ? builder.Build([new RemoveFinalizer()], events, null) with { StatusFirst = true }
            : new SessionPlan([new RemoveFinalizer()], null, events, [], null);
    }

    /// <summary>
    /// The archive at deletion: stop the worker (delete its pod: SIGTERM, it flushes) and wait, looking again every
    /// <see cref="ArchiveTeardown.Recheck"/>, until it reports the archive complete or the grace period ends; sets the
    /// Archived condition either way. Null once teardown may go on.
    /// </summary>
    private static SessionPlan? PlanArchiveTeardown(BroadcastSession session, ObservedSession observed, TimeSpan grace, DateTime now,
        StatusBuilder status)
    {
        switch (ArchiveTeardown.Decide(session, observed.Pod, grace, now))
        {
            case ArchiveTeardownState.Flushing:
                status.Archived(false, ConditionReasons.ArchiveFlushing,
                    $"Waiting for the worker to flush the archive (until {ArchiveTeardown.Deadline(session, grace):u})");
                var stop = observed.Pod is { Metadata.DeletionTimestamp: null } pod ? [new DeletePod(pod.Metadata.Name)] : new List<SessionAction>();
                var remaining = ArchiveTeardown.Deadline(session, grace) - now;
                return status.Build(stop, [], remaining < ArchiveTeardown.Recheck ? remaining : ArchiveTeardown.Recheck);
            case ArchiveTeardownState.Flushed:
                status.Archived(true, ConditionReasons.ArchiveFlushed, $"The worker flushed the archive to {session.Status?.Archive?.Location}");
                return null;
            case ArchiveTeardownState.Failed:
                status.Archived(false, ConditionReasons.ArchiveFailed,
                    $"The worker could not complete the archive at {session.Status?.Archive?.Location}: {session.Status?.Archive?.Error}");
                return null;
            case ArchiveTeardownState.TimedOut:
                status.Archived(false, ConditionReasons.ArchiveTimedOut,
                    $"The worker did not report the archive flushed within {grace.TotalSeconds:0} s (Operator__Worker__ArchiveGracePeriod); the files written so far are kept");
                return null;
            case ArchiveTeardownState.NeverStarted:
                status.Archived(false, ConditionReasons.ArchiveNeverStarted, "No worker ever ran for this session: there is nothing to archive");
                return null;
            default:
                return null;
        }
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

    /// <summary>
    /// Channels: one for the speaker, one per language listeners can pick (the source language too: its
    /// listeners get the speaker forwarded by the worker, which is master of that channel). Creates the
    /// missing ones, deletes those of languages no longer in the spec; the channels are
    /// <see cref="ChannelsPlan.Active"/> once every wanted one exists and is active.
    /// </summary>
    private static ChannelsPlan PlanChannels(BroadcastSession session, ObservedSession observed, Changes changes)
    {
        var ns = session.Metadata.NamespaceProperty;
        var name = session.Metadata.Name;
        var sourceName = ChannelNames.Source(ns, name);
        var wanted = session.Spec.ServedLanguages.Select(l => (Language: l, Name: ChannelNames.ForLanguage(ns, name, l))).ToList();
        var byName = observed.Channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var wantedNames = wanted.Select(w => w.Name).Append(sourceName).ToHashSet(StringComparer.Ordinal);

        foreach (var missing in wantedNames.Where(n => !byName.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            changes.Add(new CreateChannel(missing));
        }
        foreach (var stale in observed.Channels.Where(c => !wantedNames.Contains(c.Name)))
        {
            changes.Add(new DeleteChannel(stale),
                SessionEvent.Info(ConditionReasons.ChannelDeleted, $"Deleted channel {stale.Name}: its language is no longer in the spec"));
        }
        if (!wantedNames.All(n => byName.TryGetValue(n, out var c) && c.Active))
        {
            return new ChannelsPlan(wantedNames.Count, null);
        }
        return new ChannelsPlan(wantedNames.Count, new ActiveChannels(byName[sourceName], wanted.Select(w => (w.Language, byName[w.Name])).ToList()));
    }

    /// <summary>
    /// The worker, once its channels are active: the media Service its media mode asks for, the Pod (see
    /// <see cref="PlanWorkerPod"/>) and the HTTP Service captions are read through.
    /// </summary>
    private static void PlanWorker(BroadcastSession session, ObservedSession observed, WorkerPodSettings worker, ActiveChannels channels,
        StatusBuilder status, Changes changes)
    {
        var media = MediaReachability.Plan(session, worker.Media, observed.MediaService);
        if (media.Service is not null && observed.MediaService is null)
        {
            changes.Add(new CreateService(media.Service));
        }
        var env = WorkerResources.Environment(session, channels.Source, channels.Languages, worker);
        var desiredPod = WorkerResources.Pod(session, env, worker, media);
        var pod = PlanWorkerPod(observed.Pod, desiredPod, WorkerResources.ArchiveClaim(session, worker), media, changes);
        if (observed.Service is null)
        {
            changes.Add(new CreateService(WorkerResources.Service(session, worker)));
        }
        status.Worker(pod.Ready, pod.Reason, pod.Message, desiredPod, observed.Service ?? WorkerResources.Service(session, worker));
        if (pod.Crashed)
        {
            status.WorkerCrashed();
        }
    }

    /// <summary>
    /// The worker Pod against the one observed: wait for the media address, create it, wait for the old one
    /// to go, replace it when its settings changed, or report whether it is ready.
    /// </summary>
    private static WorkerPodState PlanWorkerPod(V1Pod? pod, V1Pod desiredPod, V1PersistentVolumeClaim? archiveClaim, MediaPlan media, Changes changes)
    {
        if (media.WaitingFor is { } waiting)
        {
            // The worker's advertised address is fixed at its start, so it starts once the address is
            // known; the Service's update (nodePort, ingress) is watched and brings the session back.
            return WorkerPodState.NotReady(ConditionReasons.WaitingForMediaAddress, waiting);
        }
        if (pod is null)
        {
            if (archiveClaim is { } claim)
            {
                changes.Add(new CreateArchiveClaim(claim)); // before the pod, which cannot start without it
            }
            changes.Add(new CreatePod(desiredPod), SessionEvent.Info(ConditionReasons.WorkerCreated, $"Created worker pod {desiredPod.Metadata.Name}"));
            return WorkerPodState.NotReady(ConditionReasons.WorkerStarting, "The worker pod was created and is starting");
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // The old pod is still going away; its deletion event brings us back.
            return WorkerPodState.NotReady(ConditionReasons.WorkerStarting, "Waiting for the previous worker pod to go");
        }
        var desiredHash = desiredPod.Metadata.Annotations[WorkerLabels.ConfigHash];
        if (pod.Metadata.Annotations is null || !pod.Metadata.Annotations.TryGetValue(WorkerLabels.ConfigHash, out var hash) || hash != desiredHash)
        {
            // A pod's environment is immutable and the worker reads its languages and channels at
            // start, so a changed spec replaces the pod rather than patching it in place. Listeners
            // reconnect through signaling; language changes are rare enough for that to be the
            // simple, always-correct choice.
            changes.Add(new DeletePod(pod.Metadata.Name),
                SessionEvent.Info(ConditionReasons.WorkerReplaced, $"Replacing worker pod {pod.Metadata.Name}: its languages or settings changed"));
            return WorkerPodState.NotReady(ConditionReasons.WorkerStarting, "The worker is being replaced with new settings");
        }
        if (WorkerResources.IsReady(pod))
        {
            return new WorkerPodState(true, ConditionReasons.WorkerRunning, $"Worker pod {pod.Metadata.Name} is ready");
        }
        return WorkerResources.Crash(pod) is { } crash
            ? new WorkerPodState(false, ConditionReasons.WorkerRestarting,
                $"Worker pod {pod.Metadata.Name} crashed (exit code {crash.ExitCode}) and is being restarted (restarts so far: {crash.RestartCount})", Crashed: true)
            : WorkerPodState.NotReady(ConditionReasons.WorkerStarting, $"Worker pod {pod.Metadata.Name} is not ready yet");
    }

    /// <summary>The actions a plan takes, in order, and the Events that go with them.</summary>
    private sealed class Changes
    {
        public List<SessionAction> Actions { get; } = [];

        public List<SessionEvent> Events { get; } = [];

        public void Add(SessionAction action, SessionEvent? evt = null)
        {
            Actions.Add(action);
            if (evt is not null)
            {
                Events.Add(evt);
            }
        }
    }

    /// <summary>How many channels the session wants, and those channels once every one of them is active.</summary>
    private sealed record ChannelsPlan(int Count, ActiveChannels? Active);

    /// <summary>The session's active channels: the speaker's source channel and one per served language.</summary>
    private sealed record ActiveChannels(ChannelRecord Source, IReadOnlyList<(string Language, ChannelRecord Channel)> Languages);

    /// <summary>The WorkerReady condition the worker Pod's state gives.</summary>
    /// <param name="Crashed">The worker ran, then its process ended and the kubelet is restarting it: the session is Degraded.</param>
    private sealed record WorkerPodState(bool Ready, string Reason, string Message, bool Crashed = false)
    {
        public static WorkerPodState NotReady(string reason, string message) => new(false, reason, message);
    }
}
