namespace BroadcastOperator.Speech.Model;

/// <summary>16-bit mono PCM as a synthesizer produced it, with the rate it was produced at.</summary>
public readonly record struct PcmChunk(ReadOnlyMemory<short> Samples, int SampleRate)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);
}
