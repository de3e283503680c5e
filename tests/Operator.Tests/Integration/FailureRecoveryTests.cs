using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>Crashes, conflicts, lost watches, expiry: the operator still converges, with nothing duplicated or leaked.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailureRecoveryTests(ClusterFixture cluster)
{
    private Func<Kubernetes> ClientWith(FaultInjectingHandler handler) =>
        () => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath), handler);

    [Fact]
    public async Task An_operator_killed_between_creating_channels_and_writing_status_leaves_no_duplicate_or_leaked_channel()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var faults = new FaultInjectingHandler { FailStatusWrites = true };
        var first = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:LeaderElection:Enabled"] = "false",
        }, client: ClientWith(faults));
        await scope.CreateSessionAsync("crash", "en", "es", "ca");
        var created = await Eventually.GetAsync(() => scope.ChannelsAsync("crash"), c => c.Count == 4, "channels created by the first operator");
        Assert.Null((await scope.GetSessionAsync("crash"))!.Status);
        await first.StopAsync();

        await using var second = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:LeaderElection:Enabled"] = "false",
        });
        await scope.MarkWorkerReadyAsync("crash");
        var active = await scope.WaitForPhaseAsync("crash", SessionPhase.Active);

        var channels = await scope.ChannelsAsync("crash");
        Assert.Equal(created.Select(c => c.Arn).Order(), channels.Select(c => c.Arn).Order());
        Assert.Contains(channels, c => c.Arn == active.Status!.Channel!.Arn);
    }

    [Fact]
    public async Task Conflicts_on_every_kind_of_update_are_retried_until_the_session_is_Active()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var faults = new FaultInjectingHandler { ConflictOnFirstWrite = true };
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, client: ClientWith(faults));
        await scope.CreateSessionAsync("conflicted", "en", "es");

        await scope.MarkWorkerReadyAsync("conflicted");
        var active = await scope.WaitForPhaseAsync("conflicted", SessionPhase.Active);

        Assert.True(faults.ConflictsInjected >= 2, $"{faults.ConflictsInjected} conflicts injected");
        Assert.Contains(PlannerSettings.Finalizer, active.Metadata.Finalizers);
        Assert.Equal(3, (await scope.ChannelsAsync("conflicted")).Count);
        var metrics = await new HttpClient().GetStringAsync(new Uri(op.BaseAddress, "/metrics"));
        Assert.Contains("broadcast_operator_reconciles_total{result=\"error\"}", metrics);
    }

    [Fact]
    public async Task A_watch_that_ends_in_410_Gone_is_relisted_and_changes_made_meanwhile_are_reconciled()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var faults = new FaultInjectingHandler();
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, client: ClientWith(faults));
        await Eventually.TrueAsync(() => op.Controller.Synced, "operator synced");
        var lists = op.Controller.SessionListCount;

        faults.CutWatches();
        await scope.CreateSessionAsync("unseen", "en", "es");
        cluster.Server.Store.Compact();
        faults.ResumeWatches();

        await scope.MarkWorkerReadyAsync("unseen");
        await scope.WaitForPhaseAsync("unseen", SessionPhase.Active, TimeSpan.FromSeconds(30));
        Assert.True(op.Controller.SessionListCount > lists, "the session informer re-listed after 410 Gone");
    }

    [Fact]
    public async Task A_session_deleted_while_the_operator_was_down_is_torn_down_when_it_returns()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var first = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("orphan", "en", "es");
        await scope.MarkWorkerReadyAsync("orphan");
        await scope.WaitForPhaseAsync("orphan", SessionPhase.Active);
        await first.StopAsync();

        await scope.DeleteSessionAsync("orphan");
        Assert.NotNull((await scope.GetSessionAsync("orphan"))!.Metadata.DeletionTimestamp);
        Assert.Equal(3, (await scope.ChannelsAsync("orphan")).Count);
        await using var second = await OperatorInstance.StartAsync(cluster, scope.Namespace);

        await Eventually.GetAsync(() => scope.GetSessionAsync("orphan"), s => s is null, "session gone", TimeSpan.FromSeconds(30));
        Assert.Empty(await scope.ChannelsAsync("orphan"));
    }

    [Fact]
    public async Task A_session_past_its_ttl_is_marked_Expired_and_deleted_with_its_channels()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var clock = new ShiftedTimeProvider();
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, time: clock);
        await scope.CreateSessionAsync("brief", "en", "es");
        await scope.MarkWorkerReadyAsync("brief");
        await scope.WaitForPhaseAsync("brief", SessionPhase.Active);

        clock.Offset = TimeSpan.FromHours(25);

        await Eventually.GetAsync(() => scope.EventsAsync("brief"), e => e.Any(x => x.Reason == ConditionReasons.Expired), "Expired event");
        await Eventually.GetAsync(() => scope.GetSessionAsync("brief"), s => s is null, "expired session deleted");
        Assert.Empty(await scope.ChannelsAsync("brief"));
    }
}
