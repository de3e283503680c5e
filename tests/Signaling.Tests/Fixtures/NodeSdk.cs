using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace BroadcastOperator.Signaling.Tests.Fixtures;

/// <summary>
/// The official npm SDKs under tests/Signaling.Tests/js, installed with `npm ci` on first use
/// (node_modules is not committed), and a way to run their scripts.
/// </summary>
public static class NodeSdk
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public static string Directory { get; } = Repository.PathOf("tests", "Signaling.Tests", "js");

    /// <summary>Null when node and npm are present; otherwise why the tests must skip.</summary>
    public static string? MissingToolReason()
    {
        foreach (var tool in new[] { "node", "npm" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            if (!found)
            {
                return $"{tool} is not installed";
            }
        }
        return null;
    }

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed || System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "amazon-kinesis-video-streams-webrtc"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@aws-sdk", "client-kinesis-video")))
            {
                _installed = true;
                return;
            }
            var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed: {await output}{await errors}");
            }
            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Starts `node script 'json'` with TLS checks off (the service's certificate is self-signed).</summary>
    public static NodeScript Start(string script, object config) => new(Directory, script, JsonSerializer.Serialize(config));
}

/// <summary>A running node script that prints one JSON object per line.</summary>
public sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];

    public NodeScript(string directory, string script, string configJson)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0", ["NODE_NO_WARNINGS"] = "1" },
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(configJson);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_log) _log.Add("stderr: " + e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    /// <summary>The next line whose "event" is <paramref name="name"/> (or any line when null).</summary>
    public async Task<JsonElement> NextAsync(string? name = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (name is null || line.TryGetProperty("event", out var e) && e.GetString() == name)
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"No '{name}' from node. Output:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }
        lock (_log) _log.Add(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            _lines.Writer.TryWrite(document.RootElement.Clone());
        }
        catch (JsonException)
        {
        }
    }
}
