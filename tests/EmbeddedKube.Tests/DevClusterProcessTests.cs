using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>The server as `make dev-cluster` runs it: its own process, a kubeconfig, state kept across restarts.</summary>
public sealed class DevClusterProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dev-cluster-").FullName;

    [SkippableFact]
    public async Task Dev_cluster_serves_kubectl_and_keeps_resources_across_a_restart()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var port = FreePort();
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        var state = Path.Combine(_directory, "state.json");
        var kubectl = new Kubectl(kubeconfig, Path.Combine(_directory, "cache"));

        using (var first = await StartAsync(port, kubeconfig, state))
        {
            var namespaces = await kubectl.RunAsync("get", "ns");
            Assert.True(namespaces.ExitCode == 0, namespaces.Output);
            Assert.Contains("default", namespaces.Stdout);
            var applied = await kubectl.RunAsync("apply", "-f", Repository.Crds);
            Assert.True(applied.ExitCode == 0, applied.Output);
            var session = await kubectl.RunAsync("apply", "-f", Path.Combine(Repository.Samples, "broadcast_v1alpha1_minimal.yaml"));
            Assert.True(session.ExitCode == 0, session.Output);
            await StopAsync(first);
        }

        using var second = await StartAsync(port, kubeconfig, state);
        var after = await kubectl.RunAsync("get", "bcs", "town-hall", "-o", "jsonpath={.spec.targetLanguages[0]}");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Equal("es", after.Stdout);
        await StopAsync(second);
    }

    private static async Task<Process> StartAsync(int port, string kubeconfig, string state)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BroadcastOperator.EmbeddedKube.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kubeconfig", kubeconfig, "--state", state })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        using var http = new HttpClient();
        await Eventually.GetAsync(async () =>
        {
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).IsSuccessStatusCode && File.Exists(kubeconfig);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready || process.HasExited, "dev cluster ready", TimeSpan.FromSeconds(30));
        if (process.HasExited)
        {
            Assert.Fail("the dev cluster exited: " + await process.StandardError.ReadToEndAsync());
        }
        return process;
    }

    /// <summary>SIGTERM, as Ctrl+C or a service manager would stop it; the state file is written on the way out.</summary>
    private static async Task StopAsync(Process process)
    {
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
