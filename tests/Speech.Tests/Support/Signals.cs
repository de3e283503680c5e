namespace BroadcastOperator.Speech.Tests.Support;

/// <summary>Synthetic test signals at 16 kHz.</summary>
public static class Signals
{
    public static short[] Silence(TimeSpan duration, int rate = 16000) => new short[(int)(duration.TotalSeconds * rate)];

    public static short[] Sine(double frequency, TimeSpan duration, double amplitude = 8000, int rate = 16000) =>
        Enumerable.Range(0, (int)(duration.TotalSeconds * rate))
            .Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate)))
            .ToArray();

    public static short[] WhiteNoise(TimeSpan duration, double amplitude, int seed = 7, int rate = 16000)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)(duration.TotalSeconds * rate))
            .Select(_ => (short)Math.Clamp((random.NextDouble() * 2 - 1) * amplitude, short.MinValue, short.MaxValue))
            .ToArray();
    }

    /// <summary>A voice-like buzz whose loudness swings at syllable rate (4 Hz) but never pauses.</summary>
    public static short[] UnbrokenSpeechLike(TimeSpan duration, int rate = 16000) =>
        Enumerable.Range(0, (int)(duration.TotalSeconds * rate))
            .Select(i =>
            {
                var t = (double)i / rate;
                var envelope = 0.55 + 0.45 * Math.Sin(2 * Math.PI * 4 * t);
                var voice = Math.Sin(2 * Math.PI * 140 * t) + 0.5 * Math.Sin(2 * Math.PI * 280 * t) + 0.25 * Math.Sin(2 * Math.PI * 700 * t);
                return (short)(6000 * envelope * voice);
            })
            .ToArray();

    /// <summary>Sums two signals sample by sample (the shorter one padded with silence), clipped to 16 bits.</summary>
    public static short[] Mix(short[] a, short[] b) =>
        Enumerable.Range(0, Math.Max(a.Length, b.Length))
            .Select(i => (short)Math.Clamp((i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0), short.MinValue, short.MaxValue))
            .ToArray();

    /// <summary>Uniform white noise whose RMS level is <paramref name="dbfs"/>.</summary>
    public static short[] NoiseAt(double dbfs, TimeSpan duration, int seed = 7) =>
        WhiteNoise(duration, 32768 * Math.Pow(10, dbfs / 20) * Math.Sqrt(3), seed);

    public static short[] Concat(params short[][] parts) => parts.SelectMany(p => p).ToArray();

    public static short[] Amplify(short[] samples, double gain) =>
        samples.Select(s => (short)Math.Clamp(s * gain, short.MinValue, short.MaxValue)).ToArray();

    /// <summary>
    /// Speech-like syllables: a harmonic buzz 200 ms on, 100 ms off, whose RMS while on is <paramref name="dbfs"/>.
    /// Syllables start on 10 ms boundaries, so every frame is either all voice or all pause.
    /// </summary>
    public static short[] Syllables(double dbfs, TimeSpan duration, double f0 = 140, int rate = 16000, int onMs = 200, int offMs = 100)
    {
        // The buzz below has mean square (1 + 0.25 + 0.0625) / 2.
        var scale = 32768 * Math.Pow(10, dbfs / 20) / Math.Sqrt((1 + 0.25 + 0.0625) / 2);
        return Enumerable.Range(0, (int)(duration.TotalSeconds * rate))
            .Select(i =>
            {
                var t = (double)i / rate;
                if (i % (rate * (onMs + offMs) / 1000) >= rate * onMs / 1000)
                {
                    return (short)0;
                }
                var voice = Math.Sin(2 * Math.PI * f0 * t) + 0.5 * Math.Sin(2 * Math.PI * 2 * f0 * t) + 0.25 * Math.Sin(2 * Math.PI * 5 * f0 * t);
                return (short)Math.Clamp(scale * voice, short.MinValue, short.MaxValue);
            })
            .ToArray();
    }

    /// <summary>
    /// A glottal pulse train whose F0 glides linearly (in Hz) from <paramref name="fromHz"/> to <paramref name="toHz"/>.
    /// </summary>
    public static short[] GlottalGlide(double fromHz, double toHz, TimeSpan duration, double amplitude = 12000, int rate = 16000)
    {
        var samples = new double[(int)(duration.TotalSeconds * rate)];
        double phase = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            phase = (phase + (fromHz + (toHz - fromHz) * i / samples.Length) / rate) % 1.0;
            samples[i] = Pulse(phase);
        }
        var mean = samples.Average();
        return samples.Select(s => (short)(amplitude * (s - mean))).ToArray();
    }

    private static double Pulse(double phase) =>
        phase < 0.4 ? 0.5 * (1 - Math.Cos(Math.PI * phase / 0.4)) : phase < 0.56 ? Math.Cos(Math.PI * (phase - 0.4) / 0.32) : 0;

    /// <summary>
    /// A glottal pulse train: one Rosenberg-shaped pulse (40 % open, 16 % closing) per period of <paramref name="f0"/>,
    /// the waveform voiced speech starts from before the vocal tract shapes it. Mean removed.
    /// </summary>
    public static short[] GlottalPulses(double f0, TimeSpan duration, double amplitude = 12000, int rate = 16000)
    {
        var samples = new double[(int)(duration.TotalSeconds * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Pulse((double)i * f0 / rate % 1.0);
        }
        var mean = samples.Average();
        return samples.Select(s => (short)(amplitude * (s - mean))).ToArray();
    }
}
