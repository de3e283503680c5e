using System.Globalization;
using System.Text.RegularExpressions;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The worker's own <c>broadcast_worker_fanout_seconds</c> histogram for one language, read from /metrics: how long one
/// frame takes to leave for every listener, i.e. what the last listener in the fan-out waits more than the first.
/// Two readings bracket a window; percentiles are the upper bounds of the buckets they fall in.
/// </summary>
internal sealed partial class FanOutHistogram
{
    private readonly SortedList<double, long> _cumulative;

    private FanOutHistogram(SortedList<double, long> cumulative) => _cumulative = cumulative;

    public static async Task<FanOutHistogram> ReadAsync(WorkerProcess worker, string language, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync($"http://127.0.0.1:{worker.HttpPort}/metrics", cancellationToken);
        var buckets = new SortedList<double, long>();
        foreach (Match match in Bucket().Matches(text))
        {
            if (match.Groups["language"].Value != language)
            {
                continue;
            }

            var bound = match.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(match.Groups["le"].Value, CultureInfo.InvariantCulture);
            buckets[bound] = long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
        }

        return new FanOutHistogram(buckets);
    }

    /// <summary>Frames observed since <paramref name="before"/>.</summary>
    public long CountSince(FanOutHistogram before) => Last(_cumulative) - Last(before._cumulative);

    /// <summary>The bucket bound (ms) under which a fraction <paramref name="p"/> of the frames since <paramref name="before"/> left.</summary>
    public double PercentileSinceMs(FanOutHistogram before, double p)
    {
        var total = CountSince(before);
        if (total == 0)
        {
            return double.NaN;
        }

        foreach (var (bound, count) in _cumulative)
        {
            if (count - before._cumulative.GetValueOrDefault(bound) >= p * total)
            {
                return bound * 1000;
            }
        }

        return double.PositiveInfinity;
    }

    private static long Last(SortedList<double, long> buckets) => buckets.Count == 0 ? 0 : buckets.Values[^1];

    [GeneratedRegex("""broadcast_worker_fanout_seconds_bucket\{language="(?<language>[^"]+)",le="(?<le>[^"]+)"\} (?<count>\d+)""")]
    private static partial Regex Bucket();
}
