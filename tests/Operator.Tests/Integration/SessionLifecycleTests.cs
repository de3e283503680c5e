using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>The operator against the embedded API server (real KubernetesClient) and the real signaling service.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionLifecycleTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_new_session_becomes_Active_with_channels_worker_pod_service_and_endpoints()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("talk", "en", "es", "ca");

        await scope.WaitForPhaseAsync("talk", SessionPhase.Provisioning);
        await scope.MarkWorkerReadyAsync("talk");
        var session = await scope.WaitForPhaseAsync("talk", SessionPhase.Active);

        var status = session.Status!;
        Assert.Contains(PlannerSettings.Finalizer, session.Metadata.Finalizers);
        Assert.Equal(session.Metadata.Generation, status.ObservedGeneration);
        Assert.All(new[] { ConditionTypes.ChannelsReady, ConditionTypes.WorkerReady, ConditionTypes.Ready },
            type => Assert.Equal("True", Conditions.Find(status.Conditions, type)?.Status));
        var channels = await scope.ChannelsAsync("talk");
        Assert.Equal(4, channels.Count);
        Assert.Equal(channels.Single(c => c.Name.EndsWith("_source", StringComparison.Ordinal)).Arn, status.Channel!.Arn);
        Assert.StartsWith("wss://127.0.0.1:", status.Channel.Endpoints!.Wss, StringComparison.Ordinal);
        Assert.StartsWith("https://127.0.0.1:", status.Channel.Endpoints.Https, StringComparison.Ordinal);
        Assert.Equal(["en", "es", "ca"], status.Languages!.Select(l => l.Language));
        Assert.All(status.Languages!, l => Assert.Contains(channels, c => c.Arn == l.Channel!.Arn));
        Assert.Equal(new WorkerStatus { Pod = "talk-worker", Service = "talk-worker", Ready = true }.Pod, status.Worker!.Pod);
        Assert.True(status.Worker.Ready);
        Assert.Equal(session.Metadata.CreationTimestamp!.Value.ToUniversalTime().AddSeconds(86400), status.ExpiresAt!.Value.ToUniversalTime());
        var pod = (await scope.GetPodAsync("talk"))!;
        var service = (await scope.GetServiceAsync("talk"))!;
        Assert.Equal(session.Metadata.Uid, Assert.Single(pod.Metadata.OwnerReferences, o => o.Controller == true).Uid);
        Assert.Equal(session.Metadata.Uid, Assert.Single(service.Metadata.OwnerReferences, o => o.Controller == true).Uid);
        var env = pod.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(status.Channel.Arn, env[WorkerEnvironment.SourceChannelArn]);
        Assert.Equal("es,ca", env[WorkerEnvironment.TargetLanguages]);
        var events = await Eventually.GetAsync(() => scope.EventsAsync("talk"), e => e.Any(x => x.Reason == ConditionReasons.Ready), "Ready event");
        Assert.Contains(events, e => e.Reason == ConditionReasons.ChannelsCreated);
        Assert.Contains(events, e => e.Reason == ConditionReasons.WorkerCreated);
    }

    [Fact]
    public async Task Reconciling_a_converged_session_again_makes_no_writes()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("quiet", "en", "es");
        await scope.MarkWorkerReadyAsync("quiet");
        var active = await scope.WaitForPhaseAsync("quiet", SessionPhase.Active);
        // Let the last writes' own watch events settle, then take the baseline.
        await Eventually.TrueAsync(() => op.Controller.QueueDepth == 0, "queue drained");
        var before = (await scope.GetSessionAsync("quiet"))!.Metadata.ResourceVersion;
        var podBefore = (await scope.GetPodAsync("quiet"))!.Metadata.ResourceVersion;
        var channelsBefore = (await scope.ChannelsAsync("quiet")).Select(c => c.Arn + c.Version).Order().ToList();
        var reconciles = op.Metrics.ReconcileCount;

        // Resync reconciles every session each second: wait for three full passes.
        await Eventually.TrueAsync(() => op.Metrics.ReconcileCount >= reconciles + 3, "three more reconciles");

        Assert.Equal(before, (await scope.GetSessionAsync("quiet"))!.Metadata.ResourceVersion);
        Assert.Equal(podBefore, (await scope.GetPodAsync("quiet"))!.Metadata.ResourceVersion);
        Assert.Equal(channelsBefore, (await scope.ChannelsAsync("quiet")).Select(c => c.Arn + c.Version).Order().ToList());
        Assert.Equal(SessionPhase.Active, active.Status!.Phase);
    }

    [Fact]
    public async Task Adding_then_removing_a_language_creates_then_deletes_its_channel_and_replaces_the_worker()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("grow", "en", "es");
        var firstPod = await scope.MarkWorkerReadyAsync("grow");
        await scope.WaitForPhaseAsync("grow", SessionPhase.Active);

        await scope.PatchSpecAsync("grow", """{"spec":{"targetLanguages":["es","ca"]}}""");
        var secondPod = await scope.MarkWorkerReadyAsync("grow", notUid: firstPod.Metadata.Uid);
        var grown = await Eventually.GetAsync(() => scope.GetSessionAsync("grow"),
            s => s!.Status?.Phase == SessionPhase.Active && s.Status.ObservedGeneration == s.Metadata.Generation && s.Status.Languages!.Count == 3, "ca added");
        Assert.Contains(await scope.ChannelsAsync("grow"), c => c.Name.EndsWith("_ca", StringComparison.Ordinal));
        Assert.Contains(secondPod.Spec.Containers[0].Env, e => e.Name == WorkerEnvironment.TargetLanguages && e.Value == "es,ca");

        await scope.PatchSpecAsync("grow", """{"spec":{"targetLanguages":["es"]}}""");
        await scope.MarkWorkerReadyAsync("grow", notUid: secondPod.Metadata.Uid);
        var shrunk = await Eventually.GetAsync(() => scope.GetSessionAsync("grow"),
            s => s!.Status?.Phase == SessionPhase.Active && s.Status.ObservedGeneration == s.Metadata.Generation, "ca removed");
        Assert.Equal(["en", "es"], shrunk!.Status!.Languages!.Select(l => l.Language));
        await Eventually.GetAsync(() => scope.ChannelsAsync("grow"), c => c.Count == 3 && !c.Any(x => x.Name.EndsWith("_ca", StringComparison.Ordinal)), "ca channel deleted");
        Assert.Equal(3, grown!.Status!.Languages!.Count);
    }

    [Fact]
    public async Task A_deleted_worker_pod_is_recreated_and_the_session_returns_to_Active()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("podloss", "en", "es");
        var pod = await scope.MarkWorkerReadyAsync("podloss");
        await scope.WaitForPhaseAsync("podloss", SessionPhase.Active);

        await scope.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, scope.Namespace);

        await Eventually.GetAsync(() => scope.GetSessionAsync("podloss"), s => s!.Status?.Phase == SessionPhase.Provisioning, "back to Provisioning");
        var replacement = await scope.MarkWorkerReadyAsync("podloss", notUid: pod.Metadata.Uid);
        await scope.WaitForPhaseAsync("podloss", SessionPhase.Active);
        Assert.NotEqual(pod.Metadata.Uid, replacement.Metadata.Uid);
    }

    [Fact]
    public async Task A_channel_deleted_behind_the_operators_back_is_recreated_and_status_follows()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("chanloss", "en", "es");
        var pod = await scope.MarkWorkerReadyAsync("chanloss");
        var active = await scope.WaitForPhaseAsync("chanloss", SessionPhase.Active);
        var lost = active.Status!.Languages!.Single(l => l.Language == "es").Channel!;

        await scope.DeleteChannelAsync(lost.Arn!);

        // The worker is told channel ARNs through its environment, so a new channel means a new worker.
        var replacement = await scope.MarkWorkerReadyAsync("chanloss", notUid: pod.Metadata.Uid);
        Assert.Contains(replacement.Spec.Containers[0].Env, e => e.Name == WorkerEnvironment.LanguageChannels && !e.Value.Contains(lost.Arn!, StringComparison.Ordinal));

        var healed = await Eventually.GetAsync(() => scope.GetSessionAsync("chanloss"),
            s => s!.Status!.Languages!.Single(l => l.Language == "es").Channel!.Arn != lost.Arn && s.Status.Phase == SessionPhase.Active,
            "es channel recreated", TimeSpan.FromSeconds(30));
        var channels = await scope.ChannelsAsync("chanloss");
        Assert.Equal(3, channels.Count);
        Assert.Contains(channels, c => c.Arn == healed!.Status!.Languages!.Single(l => l.Language == "es").Channel!.Arn);
    }

    [Fact]
    public async Task Deleting_a_session_removes_its_channels_pod_and_service_then_the_finalizer()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("bye", "en", "es", "ca");
        await scope.MarkWorkerReadyAsync("bye");
        await scope.WaitForPhaseAsync("bye", SessionPhase.Active);

        await scope.DeleteSessionAsync("bye");

        await Eventually.GetAsync(() => scope.GetSessionAsync("bye"), s => s is null, "session gone");
        Assert.Empty(await scope.ChannelsAsync("bye"));
        await Eventually.GetAsync(() => scope.GetPodAsync("bye"), p => p is null, "pod collected");
        await Eventually.GetAsync(() => scope.GetServiceAsync("bye"), s => s is null, "service collected");
        await Eventually.GetAsync(() => scope.EventsAsync("bye"), e => e.Any(x => x.Reason == ConditionReasons.TornDown), "TornDown event");
    }

    [Fact]
    public async Task An_unserved_language_pair_fails_with_a_helpful_message_and_is_not_retried_in_a_loop()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("nope", "en", "de");

        var failed = await scope.WaitForPhaseAsync("nope", SessionPhase.Failed);
        var ready = Conditions.Find(failed.Status!.Conditions, ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.UnservedLanguagePair, ready.Reason);
        Assert.Contains("en->de", ready.Message);
        Assert.Contains("en->ca, en->es", ready.Message);
        var reconciles = op.Metrics.ReconcileCount;
        await Eventually.TrueAsync(() => op.Metrics.ReconcileCount >= reconciles + 2, "two resync passes");

        // Only the periodic resync looked at it again: no writes, no channels, no worker, one Failed event.
        Assert.Equal(failed.Metadata.ResourceVersion, (await scope.GetSessionAsync("nope"))!.Metadata.ResourceVersion);
        Assert.InRange(op.Metrics.ReconcileCount - reconciles, 2, 6);
        Assert.Empty(await scope.ChannelsAsync("nope"));
        Assert.Null(await scope.GetPodAsync("nope"));
        Assert.Single(await scope.EventsAsync("nope"), e => e.Reason == ConditionReasons.Failed);

        await scope.PatchSpecAsync("nope", """{"spec":{"targetLanguages":["es"]}}""");
        await scope.MarkWorkerReadyAsync("nope");
        await scope.WaitForPhaseAsync("nope", SessionPhase.Active);
    }
}
