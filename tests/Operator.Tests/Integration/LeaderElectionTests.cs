using System.Diagnostics;
using System.Net;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.Operator.Tests.Integration;

[Collection(ClusterCollection.Name)]
public sealed class LeaderElectionTests(ClusterFixture cluster)
{
    // Longer than the fixture's default so a busy CI machine does not miss renewals and flip leaders.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string?> Lease = new()
    {
        ["Operator:LeaderElection:LeaseDuration"] = "00:00:05",
        ["Operator:LeaderElection:RenewDeadline"] = "00:00:04",
        ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.500",
    };

    [Fact]
    public async Task Of_two_operators_exactly_one_reconciles_and_the_other_takes_over_within_the_lease_duration()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var a = await OperatorInstance.StartAsync(cluster, scope.Namespace, identity: "replica-a", settings: Lease);
        await using var b = await OperatorInstance.StartAsync(cluster, scope.Namespace, identity: "replica-b", settings: Lease);
        await Eventually.TrueAsync(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");

        await scope.CreateSessionAsync("first", "en", "es");
        await scope.MarkWorkerReadyAsync("first");
        await scope.WaitForPhaseAsync("first", SessionPhase.Active);
        // A reconcile is counted when it returns, which can be just after its status write.
        await Eventually.TrueAsync(() => a.Metrics.ReconcileCount + b.Metrics.ReconcileCount > 0, "a reconcile counted");

        var (leader, standby) = a.Metrics.ReconcileCount > 0 ? (a, b) : (b, a);
        Assert.True(leader.Election.IsLeader);
        Assert.False(standby.Election.IsLeader);
        Assert.True(leader.Metrics.ReconcileCount > 0);
        Assert.Equal(0, standby.Metrics.ReconcileCount);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(standby.BaseAddress, "/readyz"))).StatusCode);
        Assert.Contains("broadcast_operator_leader 1", await http.GetStringAsync(new Uri(leader.BaseAddress, "/metrics")));
        Assert.Contains("broadcast_operator_leader 0", await http.GetStringAsync(new Uri(standby.BaseAddress, "/metrics")));

        var stopped = Stopwatch.StartNew();
        await leader.StopAsync();
        await Eventually.TrueAsync(() => standby.Election.IsLeader, "standby takes over", TimeSpan.FromSeconds(10));
        // The lease outlives the stopped leader by at most LeaseDuration, plus a retry period to notice.
        Assert.True(stopped.Elapsed < LeaseDuration + TimeSpan.FromSeconds(1.5), $"took over after {stopped.Elapsed}");

        await scope.CreateSessionAsync("second", "en", "es");
        await scope.MarkWorkerReadyAsync("second");
        await scope.WaitForPhaseAsync("second", SessionPhase.Active);
        Assert.True(standby.Metrics.ReconcileCount > 0);
    }

    [Fact]
    public async Task Health_readiness_and_metrics_endpoints_report_the_operator()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace);
        await scope.CreateSessionAsync("observed", "en", "es");
        await scope.MarkWorkerReadyAsync("observed");
        await scope.WaitForPhaseAsync("observed", SessionPhase.Active);
        using var http = new HttpClient();

        Assert.Equal("ok", await http.GetStringAsync(new Uri(op.BaseAddress, "/healthz")));
        Assert.Equal("ok: leader", await http.GetStringAsync(new Uri(op.BaseAddress, "/readyz")));
        var metrics = await Eventually.GetAsync(() => http.GetStringAsync(new Uri(op.BaseAddress, "/metrics")),
            m => m.Contains("broadcast_operator_sessions{phase=\"Active\"} 1", StringComparison.Ordinal), "Active session counted");
        Assert.Contains("broadcast_operator_reconciles_total{result=\"success\"}", metrics);
        Assert.Contains("broadcast_operator_reconcile_duration_seconds_bucket", metrics);
        Assert.Contains("broadcast_operator_workqueue_depth", metrics);
    }
}
