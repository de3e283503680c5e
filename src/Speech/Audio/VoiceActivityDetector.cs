namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Energy voice-activity decision per 10 ms frame against an adaptive noise floor: the floor follows quiet
/// frames quickly and loud ones slowly, so a steady noise (fan, hiss) stops counting as speech after a few
/// seconds while a speaker's syllables stay well above it.
/// </summary>
public sealed class VoiceActivityDetector
{
    private const double SilenceDbfs = -100;
    private readonly double _marginDb;
    private readonly double _absoluteGateDbfs;
    private double _noiseFloorDbfs = -70;

    public VoiceActivityDetector(double marginDb = 10, double absoluteGateDbfs = -50)
    {
        _marginDb = marginDb;
        _absoluteGateDbfs = absoluteGateDbfs;
    }

    public double NoiseFloorDbfs => _noiseFloorDbfs;

    public bool IsVoiced(ReadOnlySpan<short> frame)
    {
        var level = LevelDbfs(frame);
        var voiced = level > _noiseFloorDbfs + _marginDb && level > _absoluteGateDbfs;
        // Fast down (a pause reveals the floor), slow up (~5 s time constant) so speech does not raise it much.
        var rate = level < _noiseFloorDbfs ? 0.2 : 0.002;
        _noiseFloorDbfs += (level - _noiseFloorDbfs) * rate;
        return voiced;
    }

    public static double LevelDbfs(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return SilenceDbfs;
        }

        double sum = 0;
        foreach (var s in frame)
        {
            sum += (double)s * s;
        }

        var meanSquare = sum / frame.Length / (32768.0 * 32768.0);
        return meanSquare <= 1e-10 ? SilenceDbfs : 10 * Math.Log10(meanSquare);
    }
}
