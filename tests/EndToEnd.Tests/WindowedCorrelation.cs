namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// How well what a listener heard follows what the speaker's microphone captured at the same time. Both envelopes
/// are recorded together; heard frame i began at heard.Start + 20·i ms and carries the microphone frame of that
/// moment minus a delay of 0–1 s (network and jitter buffer). Each 4-second window finds its own delay within that
/// range, so one playout glitch shifts one window only, and the median window speaks for the recording.
/// </summary>
internal static class WindowedCorrelation
{
    private const int WindowFrames = 200; // 4 s of 20 ms frames
    private const int MaxDelayFrames = 50; // 1 s
    private const double FrameMs = 20;

    public static double Median(Recording microphone, Recording heard, bool reverseHeard = false)
    {
        var heardEnvelope = reverseHeard ? [.. heard.Envelope.Reverse()] : heard.Envelope;
        var offset = (int)Math.Round((heard.StartMs - microphone.StartMs) / FrameMs);
        var windows = new List<double>();
        for (var start = 0; start + WindowFrames <= heardEnvelope.Length; start += WindowFrames)
        {
            var best = double.MinValue;
            for (var delay = 0; delay <= MaxDelayFrames; delay++)
            {
                var first = start + offset - delay;
                if (first >= 0 && first + WindowFrames <= microphone.Envelope.Length)
                {
                    best = Math.Max(best, Pearson(heardEnvelope.AsSpan(start, WindowFrames), microphone.Envelope.AsSpan(first, WindowFrames)));
                }
            }
            if (best > double.MinValue)
            {
                windows.Add(best);
            }
        }
        if (windows.Count == 0)
        {
            return 0;
        }
        windows.Sort();
        var middle = windows.Count / 2;
        return windows.Count % 2 == 1 ? windows[middle] : (windows[middle - 1] + windows[middle]) / 2;
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
