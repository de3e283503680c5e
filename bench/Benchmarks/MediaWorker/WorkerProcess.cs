using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The real MediaWorker binary as a child process, configured through the environment exactly as the
/// operator configures its Pod (and the local pod runner starts it). Its own process, so its CPU time and
/// resident memory are its alone, apart from the load our peers put on this process.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const string WorkerDll = "BroadcastOperator.MediaWorker.dll";
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private WorkerProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    /// <summary>The worker's process id (its /proc entry, its children).</summary>
    public int Id => _process.Id;

    /// <summary>CPU time (user + system) the worker has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the worker now.</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The worker's last log lines, for a failure message.</summary>
    public string RecentLog
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    public static WorkerProcess Start(WorkerWorld world, BenchSession session)
    {
        // WORKER_BENCH_DIR: another build of the worker to measure, such as a ReadyToRun publish (docs/architecture.md §7).
        var directory = Environment.GetEnvironmentVariable("WORKER_BENCH_DIR") ?? AppContext.BaseDirectory;
        var dll = Path.Combine(directory, WorkerDll);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The MediaWorker is not built next to the benchmarks ({dll}); bench/Benchmarks must reference src/MediaWorker.", dll);
        }

        var httpPort = FreeTcpPort();
        // Its own directory as the working directory, as in its Pod: the host watches its content root for configuration
        // changes, and a build writing into the repository would wake it.
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in WorkerEnvironmentFor(world, session, httpPort))
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in WorkerOnlyRuntimeSettings())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the MediaWorker");
        var worker = new WorkerProcess(process, httpPort);
        process.OutputDataReceived += (_, line) => worker.Remember(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until /readyz says the worker's signaling connections and media socket are up.</summary>
    public async Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the MediaWorker exited with {_process.ExitCode}:{Environment.NewLine}{RecentLog}");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}/readyz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the MediaWorker was not ready within {within.TotalSeconds} s:{Environment.NewLine}{RecentLog}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone, or not answering the kill in time: nothing more this run can do
        }

        _process.Dispose();
    }

    private static IEnumerable<(string Name, string Value)> WorkerEnvironmentFor(WorkerWorld world, BenchSession session, int httpPort)
    {
        var channels = JsonSerializer.Serialize(session.LanguageChannels.Select(c => new Dictionary<string, string>
        {
            ["language"] = c.Language, ["name"] = c.Name, ["arn"] = c.Arn, ["wss"] = c.Wss.ToString(),
        }));
        yield return (WorkerEnvironment.SessionName, session.Name);
        yield return (WorkerEnvironment.SessionNamespace, session.Namespace);
        yield return (WorkerEnvironment.SourceLanguage, session.SourceLanguage);
        yield return (WorkerEnvironment.TargetLanguages, string.Join(',', session.TargetLanguages));
        yield return (WorkerEnvironment.SourceChannelName, session.SourceChannel.Name);
        yield return (WorkerEnvironment.SourceChannelArn, session.SourceChannel.Arn);
        yield return (WorkerEnvironment.SourceChannelWss, session.SourceChannel.Wss.ToString());
        yield return (WorkerEnvironment.LanguageChannels, channels);
        yield return (WorkerEnvironment.Region, WorkerWorld.Region);
        yield return (WorkerEnvironment.MaxListeners, session.MaxListeners.ToString(CultureInfo.InvariantCulture));
        yield return (WorkerEnvironment.HttpPort, httpPort.ToString(CultureInfo.InvariantCulture));
        yield return (WorkerEnvironment.MediaAddress, IPAddress.Loopback.ToString());
        yield return (WorkerEnvironment.SignalingInsecureTls, "true");
        yield return ("ASPNETCORE_URLS", $"http://127.0.0.1:{httpPort}");
        yield return ("KUBECONFIG", world.Kubeconfig);
        yield return ("AWS_ACCESS_KEY_ID", WorkerWorld.Operator.AccessKeyId);
        yield return ("AWS_SECRET_ACCESS_KEY", WorkerWorld.Operator.SecretAccessKey);
        yield return ("AWS_REGION", WorkerWorld.Region);
        // Per-listener log lines would cost the worker CPU the measurement should not count.
        yield return ("Logging__LogLevel__Default", Environment.GetEnvironmentVariable("WORKER_BENCH_LOG_LEVEL") ?? "Warning");
    }

    /// <summary>
    /// WORKER_DOTNET_x=v in the bench's environment reaches the worker as DOTNET_x=v, and only the worker: a runtime
    /// setting tried that way (GC, W^X, tiering) does not also change the bench process that drives the peers.
    /// </summary>
    private static IEnumerable<(string Name, string? Value)> WorkerOnlyRuntimeSettings() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(entry => (Name: (string)entry.Key, Value: (string?)entry.Value))
            .Where(entry => entry.Name.StartsWith("WORKER_DOTNET_", StringComparison.Ordinal))
            .Select(entry => (entry.Name["WORKER_".Length..], entry.Value));

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 200)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
