using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.LocalRunner;

/// <summary>One Pod's worker: a child process on a free loopback port, with the Pod's environment.</summary>
public sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private const int SigTerm = 15;

    private WorkerProcess(Process process, string podUid, IReadOnlyDictionary<string, string> labels, int port, TimeSpan gracePeriod)
    {
        _process = process;
        PodUid = podUid;
        Labels = labels;
        Port = port;
        GracePeriod = gracePeriod;
    }

    /// <summary>How long the worker may take to stop after SIGTERM (the Pod's terminationGracePeriodSeconds, default 30 s).</summary>
    public TimeSpan GracePeriod { get; }

    public string PodUid { get; }

    /// <summary>The Pod's labels, which Services select on.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(V1Pod pod, string command)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (var variable in pod.Spec.Containers.SelectMany(c => c.Env ?? []))
        {
            start.Environment[variable.Name] = variable.Value ?? "";
        }
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[WorkerEnvironment.HttpPort] = start.Environment["PORT"];
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start: {command}");
        var labels = new Dictionary<string, string>(pod.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var grace = TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);
        return new WorkerProcess(process, pod.Metadata.Uid, labels, port, grace);
    }

    /// <summary>True when the worker's /healthz answers 200.</summary>
    public async Task<bool> IsHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{Port}/healthz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stops the worker as the kubelet stops a container: SIGTERM, so it can say goodbye to its peers, then SIGKILL
    /// once the grace period is over.
    /// </summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited && Kill(_process.Id, SigTerm) == 0)
            {
                using var grace = new CancellationTokenSource(GracePeriod);
                await _process.WaitForExitAsync(grace.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Did not stop in time: Dispose kills it.
        }
        catch (InvalidOperationException)
        {
        }
        Dispose();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
