using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.LocalRunner;

/// <summary>
/// The kubelet's part for MediaWorker pods on one machine, level-triggered: every poll compares the
/// labelled Pods in all namespaces with the running processes, starts what is missing, stops what
/// has no Pod any more (or a different Pod of the same name), and reports each Pod's status
/// (Running, Ready from /healthz, podIP 127.0.0.1) through pods/status when it changes.
/// </summary>
public sealed partial class PodRunner(IKubernetes client, LocalRunnerOptions options, ILogger<PodRunner> logger) : IDisposable
{
    private readonly Dictionary<string, WorkerProcess> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _reportedReady = new(StringComparer.Ordinal);
    private readonly List<Task> _stopping = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Pods (namespace/name) with a running worker.</summary>
    public IReadOnlyCollection<string> Running
    {
        get
        {
            lock (_workers)
            {
                return _workers.Keys.ToList();
            }
        }
    }

    /// <summary>The port of a running, live worker in the namespace whose Pod labels include every selector pair.</summary>
    public int? PortOfWorkerMatching(string @namespace, IDictionary<string, string> selector)
    {
        lock (_workers)
        {
            return _workers.Where(w => w.Key.StartsWith(@namespace + "/", StringComparison.Ordinal) && !w.Value.HasExited
                    && selector.All(s => w.Value.Labels.TryGetValue(s.Key, out var value) && value == s.Value))
                .Select(w => (int?)w.Value.Port).FirstOrDefault();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            try
            {
                await SyncOnceAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogSyncFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, CancellationToken.None));
    }

    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: options.LabelSelector, cancellationToken: cancellationToken)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null)
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal);
        lock (_workers)
        {
            foreach (var (key, worker) in _workers.Where(w => !pods.TryGetValue(w.Key, out var pod) || pod.Metadata.Uid != w.Value.PodUid).ToList())
            {
                LogStopping(logger, key);
                _workers.Remove(key);
                _reportedReady.Remove(key);
                // In the background: a worker may take its grace period to say goodbye, other pods must not wait.
                _stopping.RemoveAll(t => t.IsCompleted);
                _stopping.Add(worker.StopAsync());
            }
            foreach (var (key, pod) in pods.Where(p => !_workers.ContainsKey(p.Key)))
            {
                LogStarting(logger, key);
                _workers[key] = WorkerProcess.Start(pod, options.Command);
            }
        }
        foreach (var (key, pod) in pods)
        {
            WorkerProcess? worker;
            lock (_workers)
            {
                _workers.TryGetValue(key, out worker);
            }
            if (worker is null)
            {
                continue;
            }
            var ready = !worker.HasExited && await worker.IsHealthyAsync(_http, cancellationToken);
            if (_reportedReady.TryGetValue(key, out var reported) && reported == ready)
            {
                continue;
            }
            await ReportAsync(pod, worker, ready, cancellationToken);
            _reportedReady[key] = ready;
        }
    }

    /// <summary>Stops every worker gracefully (as on node shutdown) and waits for those already stopping.</summary>
    public void Dispose()
    {
        List<Task> stopping;
        lock (_workers)
        {
            stopping = [.. _stopping, .. _workers.Values.Select(w => w.StopAsync())];
            _workers.Clear();
        }
        Task.WaitAll(stopping);
        _http.Dispose();
    }

    private Task ReportAsync(V1Pod pod, WorkerProcess worker, bool ready, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = worker.HasExited ? "Failed" : "Running",
                ["podIP"] = "127.0.0.1",
                ["hostIP"] = "127.0.0.1",
                ["startTime"] = pod.Status?.StartTime?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) ?? now,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready ? "True" : "False",
                    ["lastTransitionTime"] = now,
                }),
            },
        };
        return client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch),
            pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "starting worker for pod {Pod}")]
    private static partial void LogStarting(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping worker of pod {Pod}")]
    private static partial void LogStopping(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sync failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string error);
}
