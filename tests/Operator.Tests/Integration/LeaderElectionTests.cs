using System.Diagnostics;
using System.Net;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Integration;

[Collection(ClusterCollection.Name)]
public sealed class LeaderElectionTests(ClusterFixture cluster)
{
    // Long, so that a takeover well inside it can only come from the leader handing the lease back.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private static readonly Dictionary<string, string?> Lease = new()
    {
        ["Operator:LeaderElection:LeaseDuration"] = "00:00:15",
        ["Operator:LeaderElection:RenewDeadline"] = "00:00:10",
        ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.500",
    };

    [Fact]
    public async Task Of_two_operators_exactly_one_reconciles_and_the_other_takes_over_at_once_when_it_stops()
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

        // A graceful stop hands the lease back, so the standby takes it at its next retry, not a lease later.
        var stopped = Stopwatch.StartNew();
        await leader.StopAsync();
        await Eventually.TrueAsync(() => standby.Election.IsLeader, "standby takes over", LeaseDuration);
        Assert.True(stopped.Elapsed < LeaseDuration / 3, $"took over after {stopped.Elapsed}");

        await scope.CreateSessionAsync("second", "en", "es");
        await scope.MarkWorkerReadyAsync("second");
        await scope.WaitForPhaseAsync("second", SessionPhase.Active);
        Assert.True(standby.Metrics.ReconcileCount > 0);
    }

    [Fact]
    public async Task A_lease_left_by_a_replica_that_died_is_taken_over_once_it_expires_and_not_before()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        var shortLease = TimeSpan.FromSeconds(3);
        var settings = new Dictionary<string, string?>
        {
            ["Operator:LeaderElection:LeaseDuration"] = shortLease.ToString(),
            ["Operator:LeaderElection:RenewDeadline"] = "00:00:02",
            ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.300",
        };
        // What a killed leader leaves behind: a lease renewed a moment ago that nobody will renew again.
        var now = DateTime.UtcNow;
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "broadcast-operator", NamespaceProperty = scope.Namespace },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = "killed-replica",
                LeaseDurationSeconds = (int)shortLease.TotalSeconds,
                AcquireTime = now,
                RenewTime = now,
            },
        }, scope.Namespace);

        var started = Stopwatch.StartNew();
        await using var standby = await OperatorInstance.StartAsync(cluster, scope.Namespace, identity: "standby", settings: settings);
        await Eventually.TrueAsync(() => standby.Election.IsLeader, "standby takes over", TimeSpan.FromSeconds(15));

        // The standby counts the lease from when it first saw it, which is after it was written and renewed.
        Assert.True(started.Elapsed >= shortLease, $"took over after {started.Elapsed}, before the lease of {shortLease} ran out");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("broadcast-operator", scope.Namespace);
        Assert.Equal("standby", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
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
