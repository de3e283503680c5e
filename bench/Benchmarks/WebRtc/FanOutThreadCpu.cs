using System.Runtime.InteropServices;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), so a busy shared machine does not count
/// another process's time slices as our work. Falls back to wall time where libc is absent.
/// </summary>
internal static class FanOutThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool Available = OperatingSystem.IsLinux();

    public static bool IsThreadCpu => Available;

    /// <summary>Nanoseconds of CPU this thread has used (or a wall-clock reading when not on Linux).</summary>
    public static long NowNanoseconds()
    {
        if (Available && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
