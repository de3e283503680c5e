using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// How big a fault run is: `make chaos` sets CHAOS=full (the sizes); `make test` runs the short version of each fault.
/// </summary>
internal static class ChaosScale
{
    public static bool Full => Environment.GetEnvironmentVariable("CHAOS") == "full";

    public static int Pick(int quick, int full) => Full ? full : quick;
}

/// <summary>
/// One line per fault with what was measured, written to the test's output and appended to CHAOS_REPORT
/// (default .test-results/chaos.txt), which `make chaos` prints at its end.
/// </summary>
internal static class FaultReport
{
    private static readonly object Gate = new();

    public static void Write(ITestOutputHelper output, string fault, string measured)
    {
        var line = $"{fault,-22} {measured}";
        output.WriteLine(line);
        var path = Environment.GetEnvironmentVariable("CHAOS_REPORT") ?? Path.Combine(Repository.Root, ".test-results", "chaos.txt");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.AppendAllLines(path, [line]);
        }
    }

    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.00} s";
}
