using BroadcastOperator.LocalRunner;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.Operator.Tests.LocalRunner;

[Collection(ClusterCollection.Name)]
public sealed class PodRunnerTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_worker_pod_gets_a_process_with_its_environment_reports_Ready_and_the_process_stops_with_the_pod()
    {
        var ns = await cluster.NewNamespaceAsync();
        var root = Directory.CreateTempSubdirectory("runner-").FullName;
        try
        {
            // A stand-in worker: writes what it was given, then serves /healthz on the port it was told.
            var command = $"printf %s \"$GREETING:$BROADCAST_HTTP_PORT\" > '{root}/seen' && echo ok > '{root}/healthz' && cd '{root}' && exec python3 -m http.server \"$PORT\" --bind 127.0.0.1";
            // Other tests' worker pods live in this cluster too: select only this test's pod.
            var run = Guid.NewGuid().ToString("N")[..8];
            var options = new LocalRunnerOptions
            {
                Command = command,
                PollInterval = TimeSpan.FromMilliseconds(100),
                LabelSelector = $"{WorkerLabels.ComponentSelector},test-run={run}",
            };
            using var runner = new PodRunner(cluster.Client, options, NullLogger<PodRunner>.Instance);
            using var stop = new CancellationTokenSource();
            var running = runner.RunAsync(stop.Token);
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "w", Labels = new Dictionary<string, string> { [WorkerLabels.Component] = WorkerLabels.ComponentValue, ["test-run"] = run } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "media-worker", Image = "x", Env = [new V1EnvVar { Name = "GREETING", Value = "hello" }] }] },
            }, ns);

            var pod = await Eventually.GetAsync(() => cluster.Client.CoreV1.ReadNamespacedPodAsync("w", ns),
                p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, "pod Ready", TimeSpan.FromSeconds(20));
            Assert.Equal("Running", pod.Status.Phase);
            Assert.Equal("127.0.0.1", pod.Status.PodIP);
            var seen = File.ReadAllText(Path.Combine(root, "seen")).Split(':');
            Assert.Equal("hello", seen[0]);
            Assert.True(int.Parse(seen[1], System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Equal([$"{ns}/w"], runner.Running);

            await cluster.Client.CoreV1.DeleteNamespacedPodAsync("w", ns);

            await Eventually.TrueAsync(() => !runner.Running.Contains($"{ns}/w"), "worker stopped with its pod");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync($"http://127.0.0.1:{seen[1]}/healthz"));
            await stop.CancelAsync();
            await running;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
