using System.Diagnostics;
using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>
/// Informers on sessions and on their worker Pods and Services feed a keyed work queue that a few
/// workers drain through the reconciler. Runs while this replica leads; a new term starts afresh.
/// </summary>
public sealed partial class SessionController(
    IKubernetes client,
    SessionReconciler reconciler,
    IOptions<OperatorOptions> options,
    OperatorMetrics metrics,
    ILogger<SessionController> logger)
{
    private readonly OperatorOptions _options = options.Value;
    private volatile WorkQueue? _queue;
    private volatile Informer<BroadcastSession>? _sessions;

    /// <summary>True once the informers delivered their first list in the current term.</summary>
    public bool Synced { get; private set; }

    public int QueueDepth => _queue?.Depth ?? 0;

    /// <summary>Re-lists the session informer did in this term (after 410 Gone).</summary>
    public int SessionListCount => _sessions?.ListCount ?? 0;

    public IReadOnlyDictionary<string, int> SessionsByPhase() =>
        (_sessions?.Snapshot() ?? []).GroupBy(s => s.Status?.Phase?.ToString() ?? "None").ToDictionary(g => g.Key, g => g.Count());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue(new Backoff(_options.BackoffBase, _options.BackoffMax));
        var sessions = new Informer<BroadcastSession>(InformerSources.Sessions(client, _options.WatchNamespace, _options.WatchTimeout), logger);
        var pods = new Informer<V1Pod>(InformerSources.WorkerPods(client, _options.WatchNamespace, _options.WatchTimeout), logger);
        var services = new Informer<V1Service>(InformerSources.WorkerServices(client, _options.WatchNamespace, _options.WatchTimeout), logger);
        sessions.Upserted += (old, current) =>
        {
            if (NeedsReconcile(old, current))
            {
                queue.Add(ResourceKeys.Of(current));
            }
        };
        sessions.Deleted += s => queue.Add(ResourceKeys.Of(s));
        pods.Upserted += (_, pod) => EnqueueOwner(queue, pod);
        pods.Deleted += pod => EnqueueOwner(queue, pod);
        services.Upserted += (_, service) => EnqueueOwner(queue, service);
        services.Deleted += service => EnqueueOwner(queue, service);
        _queue = queue;
        _sessions = sessions;
        Synced = false;

        var informers = new[] { sessions.RunAsync(cancellationToken), pods.RunAsync(cancellationToken), services.RunAsync(cancellationToken) };
        try
        {
            await Task.WhenAll(sessions.Synced, pods.Synced, services.Synced).WaitAsync(cancellationToken);
            Synced = true;
            LogStarted(logger, _options.Workers);
            var workers = Enumerable.Range(0, _options.Workers).Select(_ => WorkAsync(queue, cancellationToken)).ToList();
            workers.Add(ResyncAsync(queue, sessions, cancellationToken));
            await Task.WhenAll(workers.Concat(informers));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Synced = false;
            await Task.WhenAll(informers).ContinueWith(_ => { }, CancellationToken.None);
            _queue = null;
        }
    }

    /// <summary>
    /// Our own status patches come back as watch events; they change no generation, so they are
    /// skipped here, which is what keeps a converged session quiet. Deletion and finalizer changes
    /// do not always bump the generation, so they count too.
    /// </summary>
    public static bool NeedsReconcile(BroadcastSession? old, BroadcastSession current) =>
        old is null
        || old.Metadata.Generation != current.Metadata.Generation
        || old.Metadata.DeletionTimestamp != current.Metadata.DeletionTimestamp
        || !(old.Metadata.Finalizers ?? []).SequenceEqual(current.Metadata.Finalizers ?? []);

    private static void EnqueueOwner(WorkQueue queue, IMetadata<V1ObjectMeta> child)
    {
        var owner = child.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == BroadcastSession.KindName);
        if (owner is not null)
        {
            queue.Add(ResourceKeys.Of(child.Metadata.NamespaceProperty, owner.Name));
        }
    }

    private async Task WorkAsync(WorkQueue queue, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = await queue.TakeAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            try
            {
                var result = await reconciler.ReconcileAsync(key, cancellationToken);
                queue.Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    queue.AddAfter(key, delay < TimeSpan.FromDays(1) ? delay : TimeSpan.FromDays(1));
                }
                metrics.Reconciled(OperatorMetrics.Success, watch.Elapsed);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = queue.AddRateLimited(key);
                metrics.Reconciled(OperatorMetrics.Error, watch.Elapsed);
                LogReconcileFailed(logger, key, delay.TotalMilliseconds, e.Message);
            }
            finally
            {
                queue.Done(key);
                metrics.SetQueueDepth(queue.Depth);
            }
        }
    }

    /// <summary>Channels live outside Kubernetes and have no watch: a periodic pass notices those deleted behind our back.</summary>
    private async Task ResyncAsync(WorkQueue queue, Informer<BroadcastSession> sessions, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var session in sessions.Snapshot())
            {
                queue.Add(ResourceKeys.Of(session));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "informers synced, {Workers} workers reconciling")]
    private static partial void LogStarted(ILogger logger, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconcile of {Key} failed, retrying in {DelayMs:0} ms: {Error}")]
    private static partial void LogReconcileFailed(ILogger logger, string key, double delayMs, string error);
}
