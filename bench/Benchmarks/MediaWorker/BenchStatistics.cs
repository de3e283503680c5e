namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>Small helpers shared by the worker measurements.</summary>
internal static class BenchStatistics
{
    /// <summary>Nearest-rank percentile (<paramref name="p"/> in 0..1) of unsorted samples; NaN when there are none.</summary>
    public static double Percentile(IEnumerable<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>Sleeps the calling thread until <paramref name="due"/> on <paramref name="clock"/> (an absolute schedule does not drift).</summary>
    public static void SleepUntil(System.Diagnostics.Stopwatch clock, TimeSpan due)
    {
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }
}
