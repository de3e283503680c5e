using System.Globalization;
using System.Text.RegularExpressions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// What a process holds, as /proc shows it (threads, open file descriptors, UDP sockets, resident memory), and its
/// managed heap (GC.GetTotalMemory) from its /metrics where it publishes one (dotnet_total_memory_bytes).
/// </summary>
internal sealed record ProcessFootprint(int Threads, int OpenFiles, int UdpSockets, long ResidentBytes, long? ManagedHeapBytes)
{
    public static ProcessFootprint Read(int pid, long? managedHeap)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        var threads = int.Parse(Field(status, "Threads:"), CultureInfo.InvariantCulture);
        var rss = long.Parse(Field(status, "VmRSS:").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        var files = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            files++;
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    sockets.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }
        var udp = UdpInodes().Count(sockets.Contains);
        return new ProcessFootprint(threads, files, udp, rss, managedHeap);
    }

    /// <summary>The inodes of every UDP socket in this network namespace (/proc/net/udp and udp6, 10th column).</summary>
    private static IEnumerable<string> UdpInodes() =>
        new[] { "/proc/net/udp", "/proc/net/udp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 9 && f[0] != "sl").Select(f => f[9]);

    private static string Field(string[] status, string name) =>
        status.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();

    /// <summary>dotnet_total_memory_bytes from a Prometheus text page; null when it has none.</summary>
    public static long? ManagedHeapFrom(string metrics) =>
        Regex.Match(metrics, @"^dotnet_total_memory_bytes (\S+)$", RegexOptions.Multiline) is { Success: true } m
            ? (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    public override string ToString() =>
        $"threads {Threads}, fds {OpenFiles}, udp {UdpSockets}, rss {ResidentBytes / 1048576.0:0.0} MiB"
        + (ManagedHeapBytes is { } heap ? $", heap {heap / 1048576.0:0.0} MiB" : "");
}
