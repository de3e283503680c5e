using System.Text.RegularExpressions;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using BroadcastOperator.LocalRunner;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>
/// kubectl logs and describe for a pod the local runner runs: the runner keeps each run's output in
/// the pod-logs folder, the API server serves pods/log from it.
/// </summary>
public sealed partial class PodLogsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pod-logs-tests-").FullName;
    private EmbeddedKubeServer _server = null!;
    private Kubernetes _client = null!;
    private Kubectl _kubectl = null!;

    private string Logs => Path.Combine(_directory, "pods");

    public async Task InitializeAsync()
    {
        _server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0, PodLogsDirectory = Logs });
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        _server.WriteKubeconfig(kubeconfig);
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _kubectl = new Kubectl(kubeconfig, Path.Combine(_directory, "cache"));
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await _kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Output}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Kubectl_logs_shows_the_current_run_the_previous_one_after_a_restart_and_follows()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        // A stand-in worker: its first run fails with exit 3; the second says so, then writes "later" once told to, and stays.
        var runs = Path.Combine(_directory, "runs");
        var go = Path.Combine(_directory, "go");
        var command = $"n=$(cat '{runs}' 2>/dev/null || echo 0); echo $((n+1)) > '{runs}'; echo \"run $n\"; echo \"warning from run $n\" >&2; "
            + $"if [ \"$n\" = 0 ]; then exit 3; fi; while [ ! -f '{go}' ]; do sleep 0.1; done; echo later; exec sleep 60";
        var options = new LocalRunnerOptions
        {
            Command = command,
            PollInterval = TimeSpan.FromMilliseconds(100),
            RestartBackoff = TimeSpan.FromMilliseconds(200),
            PodLogsDirectory = Logs,
        };
        using var runner = new PodRunner(_client, options, NullLogger<PodRunner>.Instance);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "w", Labels = new Dictionary<string, string> { ["app.kubernetes.io/component"] = "media-worker" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "media-worker", Image = "local" }] },
        }, "default");

        await Eventually.GetAsync(() => _client.CoreV1.ReadNamespacedPodAsync("w", "default"),
            p => p.Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: 1, State.Running: not null }, "the worker restarted once", TimeSpan.FromSeconds(20));

        var current = await Ok("logs", "w");
        Assert.Contains("run 1\n", current);
        Assert.Contains("warning from run 1\n", current);
        Assert.DoesNotContain("run 0", current);
        // stdout and stderr are separate pipes: their lines of one run may be logged in either order.
        var previousRun = (await Ok("logs", "w", "--previous")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["run 0", "warning from run 0"], previousRun.Order(StringComparer.Ordinal));
        Assert.Equal(1, (await Ok("logs", "w", "--tail=1")).Count(c => c == '\n'));
        Assert.Contains("run 1", await Ok("logs", "w", "--since=1h"));
        // Stamped in either order, as above.
        var stamped = (await Ok("logs", "w", "--timestamps")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, stamped.Length);
        Assert.All(stamped, line => Assert.Matches(TimestampedLine(), line));

        var describe = await Ok("describe", "pod", "w");
        Assert.Matches(@"Restart Count:\s+1", describe);
        Assert.Matches(@"Last State:\s+Terminated", describe);
        Assert.Matches(@"Exit Code:\s+3", describe);

        using var follow = _kubectl.Start("logs", "-f", "w");
        var followed = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await follow.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (followed)
                {
                    followed.Add(line);
                }
            }
        });
        bool Followed(string line)
        {
            lock (followed)
            {
                return followed.Contains(line);
            }
        }
        await Eventually.TrueAsync(() => Followed("run 1"), "kubectl logs -f shows what was written before", TimeSpan.FromSeconds(20));
        Assert.False(Followed("later"));
        await File.WriteAllTextAsync(go, "");
        await Eventually.TrueAsync(() => Followed("later"), "kubectl logs -f shows the line written after it started", TimeSpan.FromSeconds(20));
        follow.Kill();
        await reader;
        await stop.CancelAsync();
        await running;
    }

    [SkippableFact]
    public async Task Logs_of_a_pod_without_a_previous_run_say_so()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "idle" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "local" }] },
        }, "default");
        var previous = await _kubectl.RunAsync("logs", "idle", "--previous");
        Assert.NotEqual(0, previous.ExitCode);
        Assert.Contains("previous terminated container \"c\" in pod \"idle\" not found", previous.Stderr);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (warning from )?run 1$")]
    private static partial Regex TimestampedLine();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
