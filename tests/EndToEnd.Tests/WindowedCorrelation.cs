namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// How well what a listener heard follows what the speaker's microphone captured at the same time. Both envelopes
/// are recorded together; heard frame i began at heard.Start + 20·i ms and carries the microphone frame of that
/// moment minus a delay of 0–1 s (network and jitter buffer). Each 4-second window finds its own delay within that
/// range (from -100 ms, for the pairing of the two pages' clocks), so one playout glitch shifts one window only, and the median window speaks for the recording.
/// The first 2 s of heard audio are left out: there the delay still drifts by a few hundred milliseconds (seen as
/// 300 ms falling to 100 ms) while the listener's jitter buffer and the new recording context settle.
/// </summary>
internal static class WindowedCorrelation
{
    private const int WindowFrames = 200; // 4 s of 20 ms frames
    private const int SettleFrames = 100; // 2 s
    // Each page's recording start comes from its audio context's output timestamp, good to a frame or so.
    private const int MinDelayFrames = -5; // -100 ms
    private const int MaxDelayFrames = 50; // 1 s
    private const double FrameMs = 20;

    /// <summary>How long the listener must record for <paramref name="windows"/> windows after settling.</summary>
    public static TimeSpan HeardDurationFor(int windows) => TimeSpan.FromMilliseconds((SettleFrames + windows * WindowFrames) * FrameMs);

    public static double Median(Recording microphone, Recording heard, bool reverseHeard = false) => Windows(microphone, heard, reverseHeard).Median;

    /// <summary>Each window's best correlation and the delay that gave it, and their median.</summary>
    public static WindowedMatch Windows(Recording microphone, Recording heard, bool reverseHeard = false)
    {
        var heardEnvelope = reverseHeard ? [.. heard.Envelope.Reverse()] : heard.Envelope;
        var offset = (int)Math.Round((heard.StartMs - microphone.StartMs) / FrameMs);
        var windows = new List<WindowMatch>();
        for (var start = SettleFrames; start + WindowFrames <= heardEnvelope.Length; start += WindowFrames)
        {
            WindowMatch? best = null;
            for (var delay = MinDelayFrames; delay <= MaxDelayFrames; delay++)
            {
                var first = start + offset - delay;
                if (first >= 0 && first + WindowFrames <= microphone.Envelope.Length)
                {
                    var r = Pearson(heardEnvelope.AsSpan(start, WindowFrames), microphone.Envelope.AsSpan(first, WindowFrames));
                    if (best is null || r > best.Correlation)
                    {
                        best = new WindowMatch(start * FrameMs / 1000, r, delay * FrameMs);
                    }
                }
            }
            if (best is not null)
            {
                windows.Add(best);
            }
        }
        return new WindowedMatch(windows);
    }

    private static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= x.Length;
        meanY /= y.Length;
        double cov = 0, varX = 0, varY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            cov += (x[i] - meanX) * (y[i] - meanY);
            varX += (x[i] - meanX) * (x[i] - meanX);
            varY += (y[i] - meanY) * (y[i] - meanY);
        }
        return varX == 0 || varY == 0 ? 0 : cov / Math.Sqrt(varX * varY);
    }
}

/// <summary>One window of heard audio: where it starts (s), its best correlation, and at what delay (ms).</summary>
internal sealed record WindowMatch(double StartSeconds, double Correlation, double DelayMs)
{
    public override string ToString() => $"{StartSeconds:0}s: {Correlation:0.000} at {DelayMs:0} ms";
}

internal sealed record WindowedMatch(IReadOnlyList<WindowMatch> Windows)
{
    /// <summary>The median window's correlation; 0 when no window fits.</summary>
    public double Median
    {
        get
        {
            if (Windows.Count == 0)
            {
                return 0;
            }
            var sorted = Windows.Select(w => w.Correlation).Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public override string ToString() => string.Join("; ", Windows);
}
