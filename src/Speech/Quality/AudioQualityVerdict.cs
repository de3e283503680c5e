using System.Globalization;

namespace BroadcastOperator.Speech.Quality;

/// <summary>The standing judgement of the speaker's audio: a reason (Good when nothing is wrong), a message with the figure, and a hint for the speaker.</summary>
public sealed record AudioQualityVerdict(AudioQualityReason Reason, string Message, string Hint)
{
    public static readonly AudioQualityVerdict Good = new(AudioQualityReason.Good, "The speaker's audio is clean", "");

    public bool IsGood => Reason == AudioQualityReason.Good;

    /// <summary>The verdict for one window's problem, with its figure in the message.</summary>
    public static AudioQualityVerdict For(AudioQualityReason reason, AudioQualityWindow w) => reason switch
    {
        AudioQualityReason.NoSignal => new(reason,
            F($"No speech for {w.SilenceFor.TotalSeconds:0} s (level {w.RmsDbfs:0} dBFS)"),
            "We hear nothing from your microphone — check that it is connected and not muted"),
        AudioQualityReason.Clipping => new(reason,
            F($"{w.ClippingRatio * 100:0.0} % of samples clipped (peak {w.PeakDbfs:0.0} dBFS)"),
            "Your microphone is clipping — lower the input gain"),
        AudioQualityReason.Dropouts => new(reason,
            F($"{w.DropoutRatio * 100:0} % of the audio lost on the way"),
            "Your audio is breaking up — check your network connection"),
        AudioQualityReason.TooQuiet => new(reason,
            F($"Speech at {w.SpeechDbfs:0} dBFS"),
            "You are too quiet — move closer to the microphone or raise the input gain"),
        AudioQualityReason.Noisy => new(reason,
            F($"Speech only {w.SnrDb:0} dB above the noise (noise floor {w.NoiseFloorDbfs:0} dBFS)"),
            "There is a lot of background noise — move somewhere quieter or closer to the microphone"),
        _ => Good,
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
