namespace BroadcastOperator.TestSupport.Fuzzing;

/// <summary>
/// How many cases a fuzz test runs and from which seed: a fixed seed and a short count in `make test`,
/// FUZZ_CASES (cases per target) and FUZZ_SEED for the long run under `make fuzz`. A failing case names
/// its seed and index so it can be replayed.
/// </summary>
public static class FuzzRun
{
    /// <summary>The seed: FUZZ_SEED, else the test's own fixed seed.</summary>
    public static int Seed(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : fixedSeed;

    /// <summary>Cases per target: FUZZ_CASES when set above the CI count, else the CI count.</summary>
    public static int Cases(int ciCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var cases) && cases > ciCount ? cases : ciCount;

    /// <summary>Appends one line per target to .test-results/fuzz.txt, so `make fuzz` can print what it ran.</summary>
    public static void Report(string target, int cases, int seed, string detail = "")
    {
        var directory = Path.Combine(Repository.Root, ".test-results");
        Directory.CreateDirectory(directory);
        var line = $"fuzz {target}: {cases} cases, seed {seed}, nothing but the expected errors, no 5xx, no hang{(detail.Length > 0 ? "; " + detail : "")}";
        lock (ReportLock)
        {
            File.AppendAllText(Path.Combine(directory, "fuzz.txt"), line + Environment.NewLine);
        }
    }

    private static readonly object ReportLock = new();
}
