using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Hosting;
using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Benchmarks.Operator;

/// <summary>
/// CR created → status Active for 100 sessions on the embedded API server, created in waves of 10,
/// with worker pods marked ready by this suite the moment they appear (worker start excluded);
/// then no-op reconciles per second while resync passes over the 100 converged sessions.
/// The clock runs only once the operator is ready (informers synced, as /readyz says), and a first
/// wave warms it up (JIT, connections): it is reported on its own, as the cold start it is, rather
/// than as the tail of a running operator's latency.
/// </summary>
public sealed class OperatorBenchSuite : IBenchSuite
{
    private const int Sessions = 100;
    private const int Wave = 10;

    public string Name => "operator";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("operator-bench-").FullName;
        try
        {
            await using var server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0, BookmarkInterval = TimeSpan.FromSeconds(1) });
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);
            server.Store.Create(BuiltinResources.CustomResourceDefinitions, "", BroadcastSessionCrd.Build());
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            const string ns = "bench";
            await client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);

            var app = OperatorHost.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["urls"] = "http://127.0.0.1:0",
                    ["Operator:Kubeconfig"] = kubeconfig,
                    ["Operator:WatchNamespace"] = ns,
                    ["Operator:LeaderElection:Enabled"] = "false",
                    ["Operator:ResyncPeriod"] = "01:00:00",
                });
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<IChannelProviderRegistry>(new InMemoryChannelProvider());
            });
            await app.StartAsync(cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var activeAt = new ConcurrentDictionary<string, long>();
            var watchers = Task.WhenAll(MarkPodsReadyAsync(client, ns, stop.Token), WatchActiveAsync(client, ns, activeAt, stop.Token));

            var controller = app.Services.GetRequiredService<BroadcastOperator.Operator.Runtime.SessionController>();
            await WaitAsync(() => controller.Synced, cancellationToken);
            var coldWave = await RunWaveAsync(client, ns, Enumerable.Range(Sessions, Wave), activeAt, cancellationToken);
            var latencies = new List<double>();
            for (var wave = 0; wave < Sessions / Wave; wave++)
            {
                latencies.AddRange(await RunWaveAsync(client, ns, Enumerable.Range(wave * Wave, Wave), activeAt, cancellationToken));
            }
            latencies.Sort();
            report.Note($"{Sessions} sessions in waves of {Wave} after a warm-up wave of {Wave} (cold_wave), embedded API server, in-memory channels, pods marked ready on creation");
            report.Figure("cr_to_active_p50_ms", Percentile(latencies, 0.50), "ms");
            report.Figure("cr_to_active_p95_ms", Percentile(latencies, 0.95), "ms");
            report.Figure("cr_to_active_cold_wave_max_ms", coldWave.Max(), "ms");

            // Throughput: a reconcile of a converged session reads the CR, channels, pod and service and writes nothing.
            var metrics = app.Services.GetRequiredService<OperatorMetrics>();
            await WaitAsync(() => controller.QueueDepth == 0, cancellationToken);
            var sessions = (await client.CustomObjects.ListNamespacedCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group, BroadcastSession.Version,
                ns, BroadcastSession.Plural, cancellationToken: cancellationToken)).Items;
            var reconciler = app.Services.GetRequiredService<SessionReconciler>();
            var clock = Stopwatch.StartNew();
            var done = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                // Two at a time, as the operator's default two workers would.
                await Task.WhenAll(sessions.Skip(done % Sessions).Take(2).Select(s => reconciler.ReconcileAsync($"{ns}/{s.Metadata.Name}", cancellationToken)));
                done += 2;
            }
            report.Figure("reconciles_per_second", done / clock.Elapsed.TotalSeconds, "1/s");
            report.Note($"operator ran {metrics.ReconcileCount} reconciles during the create phase");

            await stop.CancelAsync();
            await watchers.ContinueWith(_ => { }, CancellationToken.None);
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Creates the sessions at once and returns, for each, milliseconds from its create to its Active status.</summary>
    private static async Task<List<double>> RunWaveAsync(Kubernetes client, string ns, IEnumerable<int> indexes,
        ConcurrentDictionary<string, long> activeAt, CancellationToken cancellationToken)
    {
        var started = new Dictionary<string, long>();
        await Task.WhenAll(indexes.Select(async i =>
        {
            var name = $"s{i:D3}";
            lock (started)
            {
                started[name] = Stopwatch.GetTimestamp();
            }
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(NewSession(name, ns), BroadcastSession.Group, BroadcastSession.Version,
                ns, BroadcastSession.Plural, cancellationToken: cancellationToken);
        }));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (started.Keys.Any(k => !activeAt.ContainsKey(k)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("sessions did not become Active within 60 s");
            }
            await Task.Delay(5, cancellationToken);
        }
        return started.Select(p => Stopwatch.GetElapsedTime(p.Value, activeAt[p.Key]).TotalMilliseconds).ToList();
    }

    private static BroadcastSession NewSession(string name, string ns) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new BroadcastSessionSpec { SpeakerId = "bench", SourceLanguage = "en", TargetLanguages = ["es", "ca"] },
    };

    /// <summary>The kubelet's part, instantly: every worker pod is Running and Ready as soon as it exists.</summary>
    private static async Task MarkPodsReadyAsync(Kubernetes client, string ns, CancellationToken cancellationToken)
    {
        const string ready = """{"status":{"phase":"Running","podIP":"127.0.0.1","conditions":[{"type":"Ready","status":"True"}]}}""";
        try
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, cancellationToken: cancellationToken))
            {
                if (type == WatchEventType.Added)
                {
                    await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(ready, V1Patch.PatchType.MergePatch), pod.Metadata.Name, ns,
                        cancellationToken: cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WatchActiveAsync(Kubernetes client, string ns, ConcurrentDictionary<string, long> activeAt, CancellationToken cancellationToken)
    {
#pragma warning disable CS0618 // the typed custom-object watch
        var watch = client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(BroadcastSession.Group, BroadcastSession.Version, ns,
            BroadcastSession.Plural, watch: true, cancellationToken: cancellationToken).WatchAsync<BroadcastSession, object>(cancellationToken: cancellationToken);
#pragma warning restore CS0618
        try
        {
            await foreach (var (_, session) in watch)
            {
                if (session.Status?.Phase == SessionPhase.Active)
                {
                    activeAt.TryAdd(session.Metadata.Name, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
