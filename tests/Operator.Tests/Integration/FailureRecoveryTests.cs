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

    /// <summary>How long the conflict storm lasts; env CONFLICT_STORM_SECONDS, default 3.</summary>
    private static readonly TimeSpan StormDuration = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("CONFLICT_STORM_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 3);

    [Fact]
    public async Task A_conflict_storm_on_status_writes_is_backed_off_and_the_session_becomes_Active_once_it_passes()
    {
        var backoffBase = TimeSpan.FromMilliseconds(100);
        var backoffMax = TimeSpan.FromSeconds(2);
        var scope = await SessionScope.CreateAsync(cluster);
        // The first write of every other kind (finalizer patch, deletes) conflicts once too.
        var faults = new FaultInjectingHandler { ConflictOnFirstWrite = true };
        faults.StartStatusConflictStorm();
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:BackoffBase"] = backoffBase.ToString(),
            ["Operator:BackoffMax"] = backoffMax.ToString(),
            // No resync during the storm: every retry counted here is the work queue's doing.
            ["Operator:ResyncPeriod"] = "01:00:00",
        }, client: ClientWith(faults));
        await scope.CreateSessionAsync("conflicted", "en", "es");
        await scope.MarkWorkerReadyAsync("conflicted");

        await Eventually.TrueAsync(() => faults.StatusConflicts > 0, "the first status write refused");
        await Task.Delay(StormDuration); // the storm itself: time passing is the point, not a wait for a condition
        var refused = faults.EndStatusConflictStorm();

        var bound = ConflictStorm.MaxAttempts(StormDuration, backoffBase, backoffMax) + ConflictStorm.WatchTriggeredRetries;
        Assert.True(refused >= 2, $"{refused} status writes refused: the operator did not retry during the storm");
        Assert.True(refused <= bound, $"{refused} status writes in a {StormDuration.TotalSeconds} s storm; backoff allows at most {bound}");
        var active = await scope.WaitForPhaseAsync("conflicted", SessionPhase.Active, within: backoffMax * 2 + Eventually.DefaultWithin);
        Assert.Contains(PlannerSettings.Finalizer, active.Metadata.Finalizers);
        Assert.True(faults.ConflictsInjected >= 1, $"{faults.ConflictsInjected} first-write conflicts injected");
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
