namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// A speech-like test signal, 48 kHz mono: voiced "syllables" (a gliding fundamental with harmonics) of seeded
/// lengths and levels between short pauses, so its loudness envelope changes every few frames and a concealed
/// frame shows in it.
/// </summary>
public static class SyllableSignal
{
    public const int SampleRate = 48000;
    public const int FrameSamples = 960;

    public static short[] Create(int frames, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new short[frames * FrameSamples];
        var at = 0;
        while (at < samples.Length)
        {
            var length = random.Next(SampleRate / 10, SampleRate * 3 / 10);
            var level = 0.1 + (random.NextDouble() * 0.5);
            var f0 = 110 + (random.NextDouble() * 120);
            var glide = (random.NextDouble() - 0.5) * 60;
            var phase = 0.0;
            for (var i = 0; i < length && at < samples.Length; i++, at++)
            {
                var t = i / (double)length;
                var envelope = Math.Sin(Math.PI * t);
                phase += 2 * Math.PI * (f0 + (glide * t)) / SampleRate;
                var voiced = Math.Sin(phase) + (0.5 * Math.Sin(2 * phase)) + (0.3 * Math.Sin(3 * phase)) + (0.2 * Math.Sin(5 * phase));
                samples[at] = (short)(level * envelope * voiced / 2.0 * short.MaxValue);
            }

            at += random.Next(SampleRate / 20, SampleRate / 5); // the pause stays zero
        }

        return samples;
    }

    /// <summary>RMS of each 20 ms frame.</summary>
    public static double[] Envelope(ReadOnlySpan<short> samples)
    {
        var envelope = new double[samples.Length / FrameSamples];
        for (var f = 0; f < envelope.Length; f++)
        {
            double sum = 0;
            foreach (var s in samples.Slice(f * FrameSamples, FrameSamples))
            {
                sum += (double)s * s;
            }

            envelope[f] = Math.Sqrt(sum / FrameSamples);
        }

        return envelope;
    }

    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = Math.Min(x.Count, y.Count);
        double meanX = x.Take(n).Average(), meanY = y.Take(n).Average(), cov = 0, varX = 0, varY = 0;
        for (var i = 0; i < n; i++)
        {
            cov += (x[i] - meanX) * (y[i] - meanY);
            varX += (x[i] - meanX) * (x[i] - meanX);
            varY += (y[i] - meanY) * (y[i] - meanY);
        }

        return varX == 0 || varY == 0 ? 0 : cov / Math.Sqrt(varX * varY);
    }
}
