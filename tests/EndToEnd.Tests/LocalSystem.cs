using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// The whole system started by scripts/run-local.sh, the script behind `make run`, on free ports and with its own
/// state folder so it never meets a developer's running system. The solution is already built by `make test`.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    private readonly Process _script;
    private readonly string _log;

    private LocalSystem(Process script, string stateDirectory, string log, IReadOnlyDictionary<string, int> ports)
    {
        _script = script;
        StateDirectory = stateDirectory;
        _log = log;
        SessionApiPort = ports["SESSIONAPI_PORT"];
        SignalingPort = ports["SIGNALING_PORT"];
        OperatorPort = ports["OPERATOR_PORT"];
        KubePort = ports["KUBE_PORT"];
    }

    public string StateDirectory { get; }

    /// <summary>The run-local.sh process: every component runs below it.</summary>
    public int ScriptProcessId => _script.Id;

    public int SessionApiPort { get; }

    public int SignalingPort { get; }

    /// <summary>The embedded API server (http).</summary>
    public int KubePort { get; }

    /// <summary>The operator's health and metrics (http).</summary>
    public int OperatorPort { get; }

    /// <summary>Pages must come from localhost for getUserMedia.</summary>
    public Uri SessionApi => new($"http://localhost:{SessionApiPort}/");

    public string Kubeconfig => Path.Combine(StateDirectory, "kubeconfig");

    /// <summary>
    /// Starts the system with its state (and every component's log) in <paramref name="stateDirectory"/>, emptied first;
    /// <paramref name="environment"/> reaches every component (for example the signaling certificate's Signaling__ settings).
    /// </summary>
    public static async Task<LocalSystem> StartAsync(string stateDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (Directory.Exists(stateDirectory))
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        var state = Directory.CreateDirectory(stateDirectory).FullName;
        var ports = new[] { "KUBE_PORT", "SIGNALING_PORT", "OPERATOR_PORT", "SERVICE_PROXY_PORT", "SESSIONAPI_PORT" }
            .ToDictionary(name => name, _ => FreePort());
        var log = Path.Combine(state, "run-local.out");
        var start = new ProcessStartInfo("/bin/bash", ["-c", "exec scripts/run-local.sh 2>&1"])
        {
            WorkingDirectory = Repository.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        start.Environment["LOCAL_DIR"] = state;
        start.Environment["SKIP_BUILD"] = "1";
        // The tests run against the Debug build `make test` made; `make run` itself runs Release.
        start.Environment["CONFIGURATION"] = "Debug";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        foreach (var (name, port) in ports)
        {
            start.Environment[name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var system = new LocalSystem(Process.Start(start)!, state, log, ports);
        try
        {
            await system.WaitUntilRunningAsync(timeout);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    /// <summary>The script's output and every component's log, for failure messages.</summary>
    public string Logs()
    {
        var logs = Directory.Exists(Path.Combine(StateDirectory, "logs"))
            ? Directory.GetFiles(Path.Combine(StateDirectory, "logs")).Select(f => $"--- {Path.GetFileName(f)}\n{Tail(f)}")
            : [];
        return string.Join("\n", new[] { $"--- run-local\n{Tail(_log)}" }.Concat(logs));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
        {
            // run-local.sh stops every component on TERM, as on Ctrl+C.
            _ = Process.Start("kill", ["-TERM", _script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _script.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _script.Kill(entireProcessTree: true);
            }
        }
        _script.Dispose();
    }

    /// <summary>
    /// Copies the script's output to its log file and completes once the script says the system is running;
    /// fails as soon as the script exits (a component that did not come up).
    /// </summary>
    private async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            await using var log = new StreamWriter(new FileStream(_log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            while (await _script.StandardOutput.ReadLineAsync() is { } line)
            {
                await log.WriteLineAsync(line);
                if (line.Contains("BroadcastOperator is running", StringComparison.Ordinal))
                {
                    running.TrySetResult();
                }
            }
            running.TrySetException(new InvalidOperationException($"run-local.sh ended before the system was running\n{Logs()}"));
        });
        try
        {
            await running.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the system did not start within {timeout}\n{Logs()}");
        }
    }

    private static string Tail(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(40));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
