using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.LocalRunner;

/// <summary>
/// The kubelet's part for MediaWorker pods on one machine, level-triggered: every poll compares the
/// labelled Pods in all namespaces with the running processes, starts what is missing, stops what
/// has no Pod any more (or a different Pod of the same name), restarts an exited worker as its
/// restartPolicy says (with a doubling back-off), and reports each Pod's status (Running, Ready from
/// /healthz, podIP 127.0.0.1, the container's state, last termination and restart count) through
/// pods/status when it changes. With a pod-logs folder, each run's output is kept there for pods/log.
/// </summary>
public sealed partial class PodRunner(IKubernetes client, LocalRunnerOptions options, ILogger<PodRunner> logger) : IDisposable
{
    private readonly Dictionary<string, WorkerProcess> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerRuns> _runs = new(StringComparer.Ordinal);
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
                _reported.Remove(key);
                _runs.Remove(key);
                // In the background: a worker may take its grace period to say goodbye, other pods must not wait.
                _stopping.RemoveAll(t => t.IsCompleted);
                _stopping.Add(worker.StopAsync());
            }
            foreach (var (key, pod) in pods.Where(p => !_workers.ContainsKey(p.Key)))
            {
                LogStarting(logger, key);
                _runs[key] = new ContainerRuns();
                _workers[key] = StartRun(pod, restartCount: 0);
            }
            foreach (var (key, pod) in pods)
            {
                RestartIfDue(key, pod);
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
            var runs = _runs[key];
            var state = $"{ready}/{runs.RestartCount}/{worker.HasExited}";
            if (_reported.TryGetValue(key, out var reported) && reported == state)
            {
                continue;
            }
            await ReportAsync(pod, worker, runs, ready, cancellationToken);
            _reported[key] = state;
        }
    }

    private WorkerProcess StartRun(V1Pod pod, int restartCount)
    {
        var logs = options.PodLogsDirectory is { } root
            ? new ContainerLogWriter(root, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, ContainerName(pod), restartCount, options.PodLogMaxBytes)
            : null;
        return WorkerProcess.Start(pod, options.Command, logs);
    }

    /// <summary>Restarts an exited worker once its back-off has passed, unless its restartPolicy keeps it down.</summary>
    private void RestartIfDue(string key, V1Pod pod)
    {
        var worker = _workers[key];
        if (worker.Exit is not { } exit)
        {
            return;
        }
        if (!WillRestart(pod, exit.ExitCode))
        {
            return;
        }
        var runs = _runs[key];
        var backoff = TimeSpan.FromTicks(Math.Min(options.RestartBackoff.Ticks << Math.Min(runs.RestartCount, 20), options.MaxRestartBackoff.Ticks));
        if (DateTime.UtcNow - exit.FinishedAt < backoff)
        {
            return;
        }
        LogRestarting(logger, key, exit.ExitCode);
        runs.LastTermination = new Termination(exit.ExitCode, worker.StartedAt, exit.FinishedAt);
        runs.RestartCount++;
        worker.Dispose();
        _workers[key] = StartRun(pod, runs.RestartCount);
    }

    private static bool WillRestart(V1Pod pod, int exitCode) => (pod.Spec.RestartPolicy ?? "Always") switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private static string ContainerName(V1Pod pod) => pod.Spec.Containers.FirstOrDefault()?.Name ?? "worker";

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

    private Task ReportAsync(V1Pod pod, WorkerProcess worker, ContainerRuns runs, bool ready, CancellationToken cancellationToken)
    {
        var now = Time(DateTime.UtcNow);
        var container = pod.Spec.Containers.FirstOrDefault();
        var containerStatus = new JsonObject
        {
            ["name"] = ContainerName(pod),
            ["image"] = container?.Image ?? "",
            ["imageID"] = "",
            ["ready"] = ready,
            ["started"] = !worker.HasExited,
            ["restartCount"] = runs.RestartCount,
            ["state"] = State(pod, worker),
            ["lastState"] = LastState(pod, worker, runs),
        };
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                // An exited worker that will be restarted keeps its pod Running, as CrashLoopBackOff does.
                ["phase"] = worker.Exit is { } ended && !WillRestart(pod, ended.ExitCode) ? (ended.ExitCode == 0 ? "Succeeded" : "Failed") : "Running",
                ["podIP"] = "127.0.0.1",
                ["hostIP"] = "127.0.0.1",
                ["startTime"] = pod.Status?.StartTime?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) ?? now,
                ["containerStatuses"] = new JsonArray(containerStatus),
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

    /// <summary>Running; or, once exited, Waiting in CrashLoopBackOff when a restart is coming, else Terminated.</summary>
    private static JsonObject State(V1Pod pod, WorkerProcess worker) => worker.Exit switch
    {
        null => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(worker.StartedAt) } },
        var (exitCode, _) when WillRestart(pod, exitCode) => new JsonObject
        {
            ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off restarting failed container {ContainerName(pod)}" },
        },
        var (exitCode, finishedAt) => new JsonObject { ["terminated"] = Terminated(new Termination(exitCode, worker.StartedAt, finishedAt)) },
    };

    /// <summary>How the previous run ended: the run just ended while waiting to restart, else the one before the current.</summary>
    private static JsonObject LastState(V1Pod pod, WorkerProcess worker, ContainerRuns runs) =>
        worker.Exit is var (exitCode, finishedAt) && WillRestart(pod, exitCode)
            ? new JsonObject { ["terminated"] = Terminated(new Termination(exitCode, worker.StartedAt, finishedAt)) }
            : runs.LastTermination is { } last ? new JsonObject { ["terminated"] = Terminated(last) } : new JsonObject();

    private static JsonObject Terminated(Termination termination) => new()
    {
        ["exitCode"] = termination.ExitCode,
        ["reason"] = termination.ExitCode == 0 ? "Completed" : "Error",
        ["startedAt"] = Time(termination.StartedAt),
        ["finishedAt"] = Time(termination.FinishedAt),
    };

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How often a pod's worker was restarted, and how its last run ended.</summary>
    private sealed class ContainerRuns
    {
        public int RestartCount { get; set; }
        public Termination? LastTermination { get; set; }
    }

    private sealed record Termination(int ExitCode, DateTime StartedAt, DateTime FinishedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "restarting worker of pod {Pod}, which exited with {ExitCode}")]
    private static partial void LogRestarting(ILogger logger, string pod, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "starting worker for pod {Pod}")]
    private static partial void LogStarting(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping worker of pod {Pod}")]
    private static partial void LogStopping(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sync failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string error);
}
