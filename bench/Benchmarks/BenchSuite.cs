namespace BroadcastOperator.Benchmarks;

/// <summary>
/// One area's measurements for `make bench`. Suites are found by reflection, so an area adds
/// its figures by adding a class, without touching Program.cs.
/// </summary>
public interface IBenchSuite
{
    /// <summary>Short name used by `make bench FILTER=name`.</summary>
    string Name { get; }

    Task RunAsync(BenchReport report, CancellationToken cancellationToken);
}

/// <summary>Prints figures as `BENCH name value unit` lines that a script can compare across runs.</summary>
public sealed class BenchReport
{
    private readonly TextWriter _output;

    public BenchReport(TextWriter output) => _output = output;

    public void Figure(string name, double value, string unit)
    {
        lock (_output)
        {
            _output.WriteLine(FormattableString.Invariant($"BENCH {name} {value:0.###} {unit}"));
            _output.Flush();
        }
    }

    /// <summary>Free-text context (what the figure was measured against), never parsed.</summary>
    public void Note(string text)
    {
        lock (_output)
        {
            _output.WriteLine("# " + text);
        }
    }
}
