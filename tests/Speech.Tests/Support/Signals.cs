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
}
