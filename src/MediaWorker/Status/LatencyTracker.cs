using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.MediaWorker.Status;

/// <summary>End-of-phrase → first translated audio, per language, over the last phrases (for status.media.latencyMs).</summary>
public sealed class LatencyTracker(int window = 50)
{
    private readonly Dictionary<string, Queue<double>> _samples = new(StringComparer.Ordinal);

    public void Record(string language, TimeSpan latency)
    {
        lock (_samples)
        {
            if (!_samples.TryGetValue(language, out var queue))
            {
                queue = new Queue<double>();
                _samples[language] = queue;
            }
            queue.Enqueue(latency.TotalMilliseconds);
            while (queue.Count > window)
            {
                queue.Dequeue();
            }
        }
    }

    public Dictionary<string, LatencySummary> Summaries()
    {
        lock (_samples)
        {
            return _samples.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv =>
            {
                var sorted = kv.Value.Order().ToArray();
                return new LatencySummary { P50 = (int)Percentile(sorted, 0.50), P95 = (int)Percentile(sorted, 0.95) };
            }, StringComparer.Ordinal);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
