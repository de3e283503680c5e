using System.Globalization;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// What one process holds and has used, read from /proc: CPU time of the process and of its descendants (the
/// engines a worker starts as child processes, such as apertium pipelines), resident memory split into anonymous
/// (heaps, native engine state) and file-backed (mapped code and models) pages, and what of it is the process's alone:
/// its private pages (what one more worker adds to a node whose page cache already holds the runtime and the
/// assemblies) and its proportional share (PSS: shared pages divided among the processes mapping them).
/// </summary>
internal readonly record struct ProcessFootprint(
    TimeSpan Cpu, TimeSpan DescendantsCpu, long ResidentBytes, long AnonymousBytes, long FileBytes, long DescendantsResidentBytes,
    long PrivateBytes, long ProportionalBytes)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the project runs on

    public static ProcessFootprint Read(int pid)
    {
        var status = ReadStatus(pid);
        var rollup = ReadKilobyteFields($"/proc/{pid}/smaps_rollup");
        var descendants = Descendants(pid).ToList();
        return new ProcessFootprint(
            CpuOf(pid),
            TimeSpan.FromTicks(descendants.Sum(d => CpuOf(d).Ticks)),
            status.GetValueOrDefault("VmRSS"),
            status.GetValueOrDefault("RssAnon"),
            status.GetValueOrDefault("RssFile") + status.GetValueOrDefault("RssShmem"),
            descendants.Sum(d => ReadStatus(d).GetValueOrDefault("VmRSS")),
            rollup.GetValueOrDefault("Private_Clean") + rollup.GetValueOrDefault("Private_Dirty"),
            rollup.GetValueOrDefault("Pss"));
    }

    /// <summary>CPU used between two readings as a percentage of one core over the wall time between them.</summary>
    public static double CpuPercent(TimeSpan before, TimeSpan after, TimeSpan wall) => 100.0 * (after - before).TotalSeconds / wall.TotalSeconds;

    private static TimeSpan CpuOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime + stime
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero; // gone meanwhile
        }
    }

    private static Dictionary<string, long> ReadStatus(int pid) => ReadKilobyteFields($"/proc/{pid}/status");

    /// <summary>The `Name: N kB` lines of a /proc file, in bytes.</summary>
    private static Dictionary<string, long> ReadKilobyteFields(string path)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':');
                var value = line[(colon + 1)..].Trim();
                if (colon > 0 && value.EndsWith(" kB", StringComparison.Ordinal))
                {
                    values[line[..colon]] = long.Parse(value[..^3], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // gone meanwhile
        }

        return values;
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                yield return child;
                pending.Push(child);
            }
        }
    }
}
