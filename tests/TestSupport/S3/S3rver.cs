using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.TestSupport.S3;

/// <summary>
/// s3rver (npm, the maintained fork @20minutes/s3rver), an S3-compatible server written independently of AWS's SDKs, on a
/// loopback port, with one bucket and signature checking on (its default: a request or presigned URL signed with another
/// secret gets 403 SignatureDoesNotMatch). Installed with `npm ci` in tests/TestSupport/S3 on first use; start.js runs it.
/// </summary>
public sealed class S3rver : IAsyncDisposable
{
    /// <summary>s3rver's fixed key pair; it checks every SigV4 signature against this secret.</summary>
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;
    private readonly string _data;
    private int _disposed;

    private S3rver(Process process, string data, int port, string bucket)
    {
        _process = process;
        _data = data;
        ServiceUrl = $"http://127.0.0.1:{port}";
        Bucket = bucket;
    }

    public string ServiceUrl { get; }

    public string Bucket { get; }

    public static string Folder { get; } = Repository.PathOf("tests", "TestSupport", "S3");

    public static async Task<S3rver> StartAsync(string bucket = "archive")
    {
        await EnsureInstalledAsync();
        var data = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "start.js", port.ToString(System.Globalization.CultureInfo.InvariantCulture), data, bucket })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rver(process, data, port, bucket);
        await Eventually.TrueAsync(() => Accepts(port) || process.HasExited, "s3rver listening", TimeSpan.FromSeconds(30));
        if (process.HasExited)
        {
            throw new InvalidOperationException($"s3rver exited with {process.ExitCode}");
        }
        return server;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", "@20minutes", "s3rver", "package.json")))
            {
                return;
            }
            var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("npm is not installed (scripts/install-deps.sh installs it)");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed: {await output}{await errors}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Stops the server and removes its data; a second call does nothing (a test may stop it early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
