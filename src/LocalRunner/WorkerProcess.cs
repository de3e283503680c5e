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
    private readonly ContainerLogWriter? _log;

    private const int SigTerm = 15;

    private WorkerProcess(Process process, ContainerLogWriter? log, string podUid, IReadOnlyDictionary<string, string> labels, int port, TimeSpan gracePeriod)
    {
        _process = process;
        _log = log;
        StartedAt = DateTime.UtcNow;
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

    public DateTime StartedAt { get; }

    /// <summary>The exit code and time once the process has ended; null while it runs.</summary>
    public (int ExitCode, DateTime FinishedAt)? Exit
    {
        get
        {
            try
            {
                return _process.HasExited ? (_process.ExitCode, _process.ExitTime.ToUniversalTime()) : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <param name="logs">Where the worker's output goes: null leaves it on the runner's own stdout and stderr.</param>
    public static WorkerProcess Start(V1Pod pod, string command, ContainerLogWriter? logs = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = logs is not null,
            RedirectStandardError = logs is not null,
        };
        foreach (var variable in pod.Spec.Containers.SelectMany(c => c.Env ?? []))
        {
            start.Environment[variable.Name] = variable.Value ?? "";
        }
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[WorkerEnvironment.HttpPort] = start.Environment["PORT"];
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = new Process { StartInfo = start };
        if (logs is not null)
        {
            process.OutputDataReceived += (_, e) => Append(logs, "stdout", e.Data);
            process.ErrorDataReceived += (_, e) => Append(logs, "stderr", e.Data);
        }
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start: {command}");
        }
        if (logs is not null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        var labels = new Dictionary<string, string>(pod.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var grace = TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);
        return new WorkerProcess(process, logs, pod.Metadata.Uid, labels, port, grace);
    }

    private static void Append(ContainerLogWriter logs, string stream, string? line)
    {
        if (line is not null)
        {
            try
            {
                logs.Write(stream, line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the worker was disposed has nowhere to go.
            }
        }
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
            }
            // Also drains the redirected output into the log before it is closed.
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _log?.Dispose();
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
