namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>Steady low noise standing in for a live microphone's room between utterances (deterministic).</summary>
internal static class RoomTone
{
    public static short[] Generate(int samples, double dbfs, int seed = 7)
    {
        var random = new Random(seed);
        var rms = 32768 * Math.Pow(10, dbfs / 20);
        var noise = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            // Box-Muller: Gaussian noise at the requested RMS level.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            noise[i] = (short)Math.Clamp(Math.Round(gaussian * rms), short.MinValue, short.MaxValue);
        }

        return noise;
    }
}
