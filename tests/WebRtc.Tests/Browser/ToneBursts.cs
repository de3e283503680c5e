namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>
/// A 3-second test signal with an unmistakable loudness envelope: tone bursts of different
/// lengths and levels separated by silences of different lengths, so the envelope correlates
/// with itself at exactly one offset. Chromium loops it as its fake microphone.
/// </summary>
internal static class ToneBursts
{
    public const int SampleRate = 48000;
    public const int FrameSamples = 960;
    private const double ToneHz = 600;

    // (tone ms, level, silence ms)
    private static readonly (int On, double Level, int Off)[] Pattern =
    [
        (200, 0.50, 300), (500, 0.25, 200), (160, 0.60, 440), (400, 0.40, 260), (300, 0.15, 240),
    ];

    public static short[] Samples { get; } = Synthesize();

    /// <summary>RMS of each 20 ms frame of one loop.</summary>
    public static double[] Envelope { get; } = Envelopes.Rms(Samples, FrameSamples);

    public static void WriteWav(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        var dataBytes = Samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1); // PCM
        writer.Write((short)1); // mono
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in Samples)
        {
            writer.Write(sample);
        }
    }

    /// <summary>A steady tone for the audio we send back to the browser.</summary>
    public static short[] Tone(int samples, double level, int offset)
    {
        var tone = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            tone[i] = (short)(level * short.MaxValue * Math.Sin(2 * Math.PI * 440 * (offset + i) / SampleRate));
        }

        return tone;
    }

    private static short[] Synthesize()
    {
        var samples = new List<short>();
        foreach (var (on, level, off) in Pattern)
        {
            var onSamples = on * SampleRate / 1000;
            var ramp = SampleRate / 200; // 5 ms fades, no clicks
            for (var i = 0; i < onSamples; i++)
            {
                var fade = Math.Min(1.0, Math.Min(i, onSamples - 1 - i) / (double)ramp);
                samples.Add((short)(level * fade * short.MaxValue * Math.Sin(2 * Math.PI * ToneHz * i / SampleRate)));
            }

            samples.AddRange(new short[off * SampleRate / 1000]);
        }

        return [.. samples];
    }
}
