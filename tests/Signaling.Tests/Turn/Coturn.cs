using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BroadcastOperator.Signaling.Tests.Turn;

/// <summary>
/// A real coturn on loopback (free port, temporary configuration, TURN REST auth with <see cref="SharedSecret"/>), and
/// coturn's own client, `turnutils_uclient`, to allocate relays through it. Installs the Debian package when it is missing
/// and the tests run as root; otherwise <see cref="Unavailable"/> says why, and the tests skip.
/// </summary>
public sealed class Coturn : IAsyncLifetime
{
    public const string SharedSecret = "coturn-test-shared-secret-0123456789abcdef";
    public const string Realm = "broadcast.test";
    private const string Server = "/usr/bin/turnserver";
    private const string Client = "/usr/bin/turnutils_uclient";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"coturn-tests-{Guid.NewGuid():N}");
    private readonly StringBuilder _log = new();
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>Why coturn cannot run here, or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    public string Uri => $"turn:127.0.0.1:{Port}?transport=udp";

    public async Task InitializeAsync()
    {
        Unavailable = await EnsureInstalledAsync();
        if (Unavailable is not null)
        {
            return;
        }
        Directory.CreateDirectory(_directory);
        Port = FreeUdpAndTcpPort();
        var relayStart = 20_000 + Random.Shared.Next(0, 40_000);
        var config = Path.Combine(_directory, "turnserver.conf");
        await File.WriteAllLinesAsync(config,
        [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", $"listening-port={Port}",
            $"min-port={relayStart}", $"max-port={relayStart + 200}",
            $"realm={Realm}", "use-auth-secret", $"static-auth-secret={SharedSecret}",
            "no-tls", "no-dtls", "no-cli", "fingerprint",
            // The client-to-client test (-y) has the two relays send to each other, both on loopback.
            "allow-loopback-peers",
            // The database, pid and log stay in the temporary folder, never /var.
            $"userdb={Path.Combine(_directory, "turndb")}", $"pidfile={Path.Combine(_directory, "turnserver.pid")}",
            "log-file=stdout", "simple-log", "verbose",
        ]);
        _process = Process.Start(new ProcessStartInfo(Server, ["-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Runs `turnutils_uclient` against this server: two clients allocate relays and send a few messages to each other.</summary>
    public async Task<(int ExitCode, string Output)> AllocateAsync(string username, string password)
    {
        using var client = Process.Start(new ProcessStartInfo(Client,
            ["-p", Port.ToString(CultureInfo.InvariantCulture), "-u", username, "-w", password, "-y", "-n", "2", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = client.StandardOutput.ReadToEndAsync();
        var error = client.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            client.Kill(entireProcessTree: true);
            throw new TimeoutException("turnutils_uclient did not finish in 30 s:\n" + ServerLog);
        }
        return (client.ExitCode, await output + await error);
    }

    /// <summary>What coturn logged so far (verbose: one line per request, naming the user and the outcome).</summary>
    public string ServerLog
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>coturn's verbose line for an Allocate it granted to <paramref name="username"/>.</summary>
    public static string AllocationGranted(string username) => $"user <{username}>: incoming packet ALLOCATE processed, success";

    /// <summary>coturn's verbose line for a request of <paramref name="username"/> it answered 401.</summary>
    public static string Refused401(string username) => $"user <{username}>: incoming packet message processed, error 401: Unauthorized";

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static async Task<string?> EnsureInstalledAsync()
    {
        if (File.Exists(Server) && File.Exists(Client))
        {
            return null;
        }
        if (Environment.UserName != "root")
        {
            return $"{Server} is not installed and the tests do not run as root to install it (scripts/install-deps.sh installs coturn)";
        }
        // As scripts/install-deps.sh does, for this one package.
        using var apt = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coturn || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coturn)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = apt.StandardOutput.ReadToEndAsync();
        var error = apt.StandardError.ReadToEndAsync();
        await apt.WaitForExitAsync();
        return File.Exists(Server) && File.Exists(Client)
            ? null
            : $"coturn is not installed and apt-get could not install it (exit {apt.ExitCode}): {await output}{await error}";
    }

    /// <summary>A port free for UDP and TCP alike, since coturn listens on both.</summary>
    private static int FreeUdpAndTcpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    /// <summary>Ready once it answers a STUN Binding request (RFC 5389 header, no attributes), which needs no credentials.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01; // Binding request
        request[4] = 0x21; request[5] = 0x12; request[6] = 0xA4; request[7] = 0x42; // magic cookie
        Random.Shared.NextBytes(request.AsSpan(8, 12));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}:\n{ServerLog}");
            }
            await udp.SendAsync(request, new IPEndPoint(IPAddress.Loopback, Port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var answer = await udp.ReceiveAsync(wait.Token);
                if (answer.Buffer.Length >= 20 && answer.Buffer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12)))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                // ICMP port unreachable before coturn binds: try again.
            }
        }
        throw new TimeoutException("turnserver did not answer a STUN Binding request in 20 s:\n" + ServerLog);
    }
}
