using Prometheus;

namespace BroadcastOperator.Operator.Metrics;

/// <summary>
/// The operator's Prometheus figures, in a registry of its own (two operators in one test process
/// must not share counters): reconciles by result, reconcile duration, sessions by phase,
/// work-queue depth, and whether this replica leads.
/// </summary>
public sealed class OperatorMetrics
{
    public const string Success = "success";
    public const string Error = "error";
    public const string Requeue = "requeue";

    private readonly Counter _reconciles;
    private readonly Histogram _duration;
    private readonly Gauge _sessions;
    private readonly Gauge _depth;
    private readonly Gauge _leader;
    private long _reconcileCount;

    public OperatorMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // The process's own figures (managed heap, threads, handles) as the default registry has them: leaks show there.
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _reconciles = factory.CreateCounter("broadcast_operator_reconciles_total", "Reconciles by result.", "result");
        _duration = factory.CreateHistogram("broadcast_operator_reconcile_duration_seconds", "Time one reconcile took.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        _sessions = factory.CreateGauge("broadcast_operator_sessions", "BroadcastSessions by status phase.", "phase");
        _depth = factory.CreateGauge("broadcast_operator_workqueue_depth", "Session keys waiting to be reconciled.");
        _leader = factory.CreateGauge("broadcast_operator_leader", "1 when this replica holds the lease.");
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Reconciles this replica ran, for tests that check which replica acted.</summary>
    public long ReconcileCount => Interlocked.Read(ref _reconcileCount);

    public void Reconciled(string result, TimeSpan duration)
    {
        Interlocked.Increment(ref _reconcileCount);
        _reconciles.WithLabels(result).Inc();
        _duration.Observe(duration.TotalSeconds);
    }

    public void SetLeader(bool leader) => _leader.Set(leader ? 1 : 0);

    public void SetQueueDepth(int depth) => _depth.Set(depth);

    public void SetSessionsByPhase(IReadOnlyDictionary<string, int> counts)
    {
        foreach (var phase in Enum.GetNames<BroadcastOperator.Shared.Model.SessionPhase>().Append("None"))
        {
            _sessions.WithLabels(phase).Set(counts.GetValueOrDefault(phase));
        }
    }
}
