using System.Net;
using BroadcastOperator.LocalRunner;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.Operator.Tests.LocalRunner;

/// <summary>The local runner's Service proxy reaches the worker process a Service selects, as a ClusterIP would.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceProxyTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_request_through_a_service_reaches_the_worker_it_selects_and_other_services_get_503()
    {
        var ns = await cluster.NewNamespaceAsync();
        var root = Directory.CreateTempSubdirectory("proxy-").FullName;
        var run = Guid.NewGuid().ToString("N")[..8];
        try
        {
            // A stand-in worker serving its folder, where "captions" holds this pod's name.
            File.WriteAllText(Path.Combine(root, "captions"), "from w1");
            File.WriteAllText(Path.Combine(root, "healthz"), "ok");
            var options = new LocalRunnerOptions
            {
                Command = $"cd '{root}' && exec python3 -m http.server \"$PORT\" --bind 127.0.0.1",
                PollInterval = TimeSpan.FromMilliseconds(100),
                LabelSelector = $"{WorkerLabels.ComponentSelector},test-run={run}",
            };
            using var runner = new PodRunner(cluster.Client, options, NullLogger<PodRunner>.Instance);
            using var stop = new CancellationTokenSource();
            var running = runner.RunAsync(stop.Token);
            await using var proxy = await StartProxyAsync(runner);
            var labels = new Dictionary<string, string> { [WorkerLabels.Component] = WorkerLabels.ComponentValue, ["test-run"] = run, ["pod"] = "w1" };
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "w1", Labels = labels },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "media-worker", Image = "x" }] },
            }, ns);
            await CreateServiceAsync(ns, "w1-worker", new Dictionary<string, string> { ["pod"] = "w1" });
            await CreateServiceAsync(ns, "nobody", new Dictionary<string, string> { ["pod"] = "missing" });
            await Eventually.GetAsync(() => cluster.Client.CoreV1.ReadNamespacedPodAsync("w1", ns),
                p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, "pod Ready", TimeSpan.FromSeconds(20));
            using var http = new HttpClient { BaseAddress = new Uri(proxy.Urls.Single()) };

            Assert.Equal("from w1", await http.GetStringAsync($"/{ns}/w1-worker/captions?language=es"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"/{ns}/nobody/captions")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"/{ns}/no-such-service/captions")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"/other-namespace/w1-worker/captions")).StatusCode);

            await cluster.Client.CoreV1.DeleteNamespacedPodAsync("w1", ns);
            await Eventually.TrueAsync(() => !runner.Running.Contains($"{ns}/w1"), "worker stopped with its pod");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"/{ns}/w1-worker/captions")).StatusCode);
            await stop.CancelAsync();
            await running;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task<WebApplication> StartProxyAsync(PodRunner runner)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        new ServiceProxy(cluster.Client, runner).Map(app);
        await app.StartAsync();
        return app;
    }

    private Task<V1Service> CreateServiceAsync(string ns, string name, Dictionary<string, string> selector) =>
        cluster.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ServiceSpec { Selector = selector, Ports = [new V1ServicePort { Port = 8080 }] },
        }, ns);
}
