using System.Globalization;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// CPU time per thread of a process (/proc/PID/task/*/stat), grouped by thread name, so a figure that is over its budget
/// says which of the worker's threads spent it: the media receive thread, the thread pool, the GC, a frame clock.
/// </summary>
internal static class ThreadCpu
{
    private const double TicksPerSecond = 100; // USER_HZ

    /// <summary>User and system CPU ticks so far per thread id, with the thread's name.</summary>
    public static Dictionary<int, (string Name, long User, long System)> Read(int pid)
    {
        var threads = new Dictionary<int, (string, long, long)>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var tid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var open = stat.IndexOf('(');
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    threads[tid] = (stat[(open + 1)..close], long.Parse(fields[11], CultureInfo.InvariantCulture),
                        long.Parse(fields[12], CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
            // the process ended meanwhile
        }

        return threads;
    }

    /// <summary>The busiest thread names between two readings, as "name n×: x % (y % system)" of one core, busiest first.</summary>
    public static string Describe(Dictionary<int, (string Name, long User, long System)> before, Dictionary<int, (string Name, long User, long System)> after,
        TimeSpan wall, int top = 6)
    {
        var seconds = TicksPerSecond * wall.TotalSeconds;
        var byName = after
            .Select(t => before.TryGetValue(t.Key, out var b)
                ? (t.Value.Name, User: t.Value.User - b.User, System: t.Value.System - b.System)
                : (t.Value.Name, t.Value.User, t.Value.System))
            .GroupBy(t => t.Name)
            .Select(g => (Name: g.Key, Count: g.Count(), Percent: 100.0 * g.Sum(t => t.User + t.System) / seconds, System: 100.0 * g.Sum(t => t.System) / seconds))
            .Where(g => g.Percent > 0)
            .OrderByDescending(g => g.Percent)
            .Take(top);
        return string.Join(", ", byName.Select(g => FormattableString.Invariant($"{g.Name} {g.Count}×: {g.Percent:0.##} % ({g.System:0.##} % system)")));
    }
}
