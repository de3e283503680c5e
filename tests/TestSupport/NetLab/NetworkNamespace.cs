using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// A network namespace joined to this one by a veth pair with a /30 between them (`ip netns`, `ip link`): a
/// "remote" host whose only route is that link. Code runs inside it through <see cref="Run{T}"/>, on a thread
/// moved into the namespace; sockets it creates stay there after the thread ends. Disposing deletes the namespace
/// and with it the link, also when the test failed.
/// </summary>
public sealed partial class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_next;

    private NetworkNamespace(string name, IPAddress hostAddress, IPAddress insideAddress)
    {
        Name = name;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    public string Name { get; }

    /// <summary>Our end of the link (in the namespace this process runs in).</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The namespace's end of the link.</summary>
    public IPAddress InsideAddress { get; }

    /// <summary>Null when namespaces can be made here; otherwise why not (for a test's skip message).</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (Environment.UserName != "root" && geteuid() != 0)
        {
            return "network namespaces need root (ip netns add); this test runs as uid " + geteuid();
        }

        return File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip") ? null : "the `ip` tool (iproute2) is not installed";
    }

    /// <summary>Creates a namespace with the link up; the /30 is 10.231.N.0 so parallel tests do not collide.</summary>
    public static NetworkNamespace Create(string prefix = "bo")
    {
        var index = (Interlocked.Increment(ref s_next) + (Environment.ProcessId % 50 * 5)) % 250;
        var tag = $"{prefix}{Environment.ProcessId % 100000}x{index}";
        var name = "netlab-" + tag;
        var hostLink = "vh" + tag;
        var insideLink = "vi" + tag;
        var host = IPAddress.Parse($"10.231.{index}.1");
        var inside = IPAddress.Parse($"10.231.{index}.2");
        var created = new NetworkNamespace(name, host, inside);
        try
        {
            Ip($"netns add {name}");
            Ip($"link add {hostLink} type veth peer name {insideLink}");
            Ip($"link set {insideLink} netns {name}");
            Ip($"addr add {host}/30 dev {hostLink}");
            Ip($"link set {hostLink} up");
            Ip($"-n {name} addr add {inside}/30 dev {insideLink}");
            Ip($"-n {name} link set {insideLink} up");
            Ip($"-n {name} link set lo up");
            return created;
        }
        catch
        {
            created.Dispose();
            TryIp($"link del {hostLink}");
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has joined the namespace.</summary>
    public T Run<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "netlab-in-" + Name };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"in namespace {Name}: {failure.Message}", failure);
        }

        return result;
    }

    public void Dispose() => TryIp($"netns del {Name}"); // deleting the namespace destroys its veth end, and so the pair

    private static void Ip(string arguments)
    {
        var (code, output) = RunIp(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {arguments} failed ({code}): {output}");
        }
    }

    private static void TryIp(string arguments) => RunIp(arguments);

    private static (int Code, string Output) RunIp(string arguments)
    {
        var start = new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
