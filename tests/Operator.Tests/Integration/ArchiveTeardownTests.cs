using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>Deleting a session that keeps an archive, against the embedded API server; the test plays the worker's status writes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ArchiveTeardownTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Deleting_an_archiving_session_stops_the_worker_and_holds_the_finalizer_until_the_worker_reports_the_flush()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("kept", new ArchiveSpec(), "en", "es");
        await scope.MarkWorkerReadyAsync("kept");
        await scope.WaitForPhaseAsync("kept", SessionPhase.Active);
        await scope.ReportArchiveAsync("kept", complete: false);

        await scope.DeleteSessionAsync("kept");

        // The worker is stopped (its pod deleted: SIGTERM) while the session and its channels wait for the flush.
        await Eventually.GetAsync(() => scope.GetPodAsync("kept"), p => p is null, "worker pod deleted");
        var waiting = await Eventually.GetAsync(() => scope.GetSessionAsync("kept"),
            s => Conditions.Find(s?.Status?.Conditions, ConditionTypes.Archived)?.Reason == ConditionReasons.ArchiveFlushing, "Archived: ArchiveFlushing");
        Assert.Equal(SessionPhase.Terminating, waiting!.Status!.Phase);
        Assert.Contains(PlannerSettings.Finalizer, waiting.Metadata.Finalizers);
        Assert.Equal(3, (await scope.ChannelsAsync("kept")).Count); // source, en, es

        await scope.ReportArchiveAsync("kept", complete: true);

        await Eventually.GetAsync(() => scope.GetSessionAsync("kept"), s => s is null, "session gone after the flush");
        Assert.Empty(await scope.ChannelsAsync("kept"));
        var events = await Eventually.GetAsync(() => scope.EventsAsync("kept"), e => e.Any(x => x.Reason == ConditionReasons.TornDown), "TornDown event");
        var flushed = Assert.Single(events, e => e.Reason == ConditionReasons.ArchiveFlushed);
        Assert.Contains($"/archive/{scope.Namespace}/kept", flushed.Message, StringComparison.Ordinal);
        // Archived was written before the finalizer went: its Event is no later than the teardown's.
        Assert.True(EventTime(flushed) <= EventTime(events.Single(e => e.Reason == ConditionReasons.TornDown)));
    }

    [Fact]
    public async Task A_worker_that_never_reports_the_flush_holds_teardown_for_the_grace_period_only()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:Worker:ArchiveGracePeriod"] = "00:00:02",
        });
        await scope.CreateSessionAsync("silent", new ArchiveSpec(), "en", "es");
        await scope.MarkWorkerReadyAsync("silent");
        await scope.WaitForPhaseAsync("silent", SessionPhase.Active);
        await scope.ReportArchiveAsync("silent", complete: false);

        await scope.DeleteSessionAsync("silent");
        var deletedAt = (await scope.GetSessionAsync("silent"))!.Metadata.DeletionTimestamp!.Value.ToUniversalTime();

        await Eventually.GetAsync(() => scope.GetSessionAsync("silent"), s => s is null, "session gone after the grace period");
        var events = await Eventually.GetAsync(() => scope.EventsAsync("silent"), e => e.Any(x => x.Reason == ConditionReasons.TornDown), "TornDown event");
        var timedOut = Assert.Single(events, e => e.Reason == ConditionReasons.ArchiveTimedOut);
        Assert.Equal("Warning", timedOut.Type);
        // Event times are whole seconds, as is the deletion timestamp.
        Assert.True(EventTime(timedOut) >= deletedAt.AddSeconds(2), $"timed out at {EventTime(timedOut):O}, deleted at {deletedAt:O}");
        Assert.Empty(await scope.ChannelsAsync("silent"));
    }

    [Fact]
    public async Task A_session_without_an_archive_is_torn_down_without_an_Archived_condition()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:Worker:ArchiveGracePeriod"] = "00:05:00",
        });
        await scope.CreateSessionAsync("plain", "en", "es");
        await scope.MarkWorkerReadyAsync("plain");
        await scope.WaitForPhaseAsync("plain", SessionPhase.Active);

        await scope.DeleteSessionAsync("plain");

        await Eventually.GetAsync(() => scope.GetSessionAsync("plain"), s => s is null, "session gone");
        var events = await Eventually.GetAsync(() => scope.EventsAsync("plain"), e => e.Any(x => x.Reason == ConditionReasons.TornDown), "TornDown event");
        Assert.DoesNotContain(events, e => e.Reason.StartsWith("Archive", StringComparison.Ordinal));
    }

    private static DateTime EventTime(Corev1Event e) => (e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? DateTime.MinValue).ToUniversalTime();
}
