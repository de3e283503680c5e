namespace BroadcastOperator.TestSupport.Fuzzing;

/// <summary>How many fuzz cases got each status, for <see cref="FuzzRun.Report"/> ("3x200, 97x400").</summary>
public sealed class StatusTally
{
    private readonly Dictionary<int, int> _counts = [];

    public void Add(int status) => _counts[status] = _counts.GetValueOrDefault(status) + 1;

    public override string ToString() => string.Join(", ", _counts.OrderBy(s => s.Key).Select(s => $"{s.Value}x{s.Key}"));
}
