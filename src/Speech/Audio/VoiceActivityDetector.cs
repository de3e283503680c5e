namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Energy voice-activity decision per 10 ms frame against an adaptive noise floor. The floor starts at the first
/// frame that carries any signal, or at the absolute gate when that frame is louder (it may be speech), falls quickly to quieter frames (a pause reveals it), rises at a moderate rate
/// through frames that are above it but unvoiced (the room got noisier) and only slowly through voiced ones, so a
/// speaker's syllables do not lift it. Digital silence (a muted or gated microphone) says nothing about the room:
/// it is unvoiced and leaves the floor alone, so the noise after it is not mistaken for speech.
/// </summary>
public sealed class VoiceActivityDetector
{
    public const double SilenceDbfs = -100;

    /// <summary>Frames below this level are digital silence, not room noise.</summary>
    public const double DigitalSilenceDbfs = -90;

    private const double FallRate = 0.2;
    private const double UnvoicedRiseRate = 0.02; // ~0.5 s time constant
    private const double VoicedRiseRate = 0.002; // ~5 s time constant
    private readonly double _marginDb;
    private readonly double _absoluteGateDbfs;
    private double? _noiseFloorDbfs;

    public VoiceActivityDetector(double marginDb = 10, double absoluteGateDbfs = -50)
    {
        _marginDb = marginDb;
        _absoluteGateDbfs = absoluteGateDbfs;
    }

    /// <summary>The tracked noise floor, or <see cref="SilenceDbfs"/> before any signal was seen.</summary>
    public double NoiseFloorDbfs => _noiseFloorDbfs ?? SilenceDbfs;

    public bool IsVoiced(ReadOnlySpan<short> frame)
    {
        var level = LevelDbfs(frame);
        if (level < DigitalSilenceDbfs)
        {
            return false;
        }

        var floor = _noiseFloorDbfs ?? Math.Min(level, _absoluteGateDbfs);
        var voiced = level > floor + _marginDb && level > _absoluteGateDbfs;
        var rate = level < floor ? FallRate : voiced ? VoicedRiseRate : UnvoicedRiseRate;
        _noiseFloorDbfs = floor + (level - floor) * rate;
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
