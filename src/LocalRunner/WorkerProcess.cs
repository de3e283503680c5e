using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace BroadcastOperator.LocalRunner;

/// <summary>One Pod's worker: a child process on a free loopback port, with the Pod's environment.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string podUid, IReadOnlyDictionary<string, string> labels, int port)
    {
        _process = process;
        PodUid = podUid;
        Labels = labels;
        Port = port;
    }

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
        start.Environment["BROADCAST_HTTP_PORT"] = start.Environment["PORT"];
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start: {command}");
        var labels = new Dictionary<string, string>(pod.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        return new WorkerProcess(process, pod.Metadata.Uid, labels, port);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
