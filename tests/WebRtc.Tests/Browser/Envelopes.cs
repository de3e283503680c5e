namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>Loudness envelopes and how well two of them match.</summary>
internal static class Envelopes
{
    public static double[] Rms(ReadOnlySpan<short> samples, int frame)
    {
        var envelope = new double[samples.Length / frame];
        for (var f = 0; f < envelope.Length; f++)
        {
            double sum = 0;
            foreach (var s in samples.Slice(f * frame, frame))
            {
                sum += (double)s * s;
            }

            envelope[f] = Math.Sqrt(sum / frame);
        }

        return envelope;
    }

    /// <summary>
    /// The best Pearson correlation between <paramref name="received"/> and the looping
    /// <paramref name="loop"/>, over every circular offset (the capture starts anywhere in the loop).
    /// </summary>
    public static double BestLoopCorrelation(IReadOnlyList<double> received, IReadOnlyList<double> loop)
    {
        var best = double.MinValue;
        for (var offset = 0; offset < loop.Count; offset++)
        {
            best = Math.Max(best, Pearson(received, i => loop[(i + offset) % loop.Count]));
        }

        return best;
    }

    private static double Pearson(IReadOnlyList<double> x, Func<int, double> y)
    {
        var n = x.Count;
        double meanX = x.Average(), meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanY += y(i);
        }

        meanY /= n;
        double cov = 0, varX = 0, varY = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y(i) - meanY;
            cov += dx * dy;
            varX += dx * dx;
            varY += dy * dy;
        }

        return varX == 0 || varY == 0 ? 0 : cov / Math.Sqrt(varX * varY);
    }
}
