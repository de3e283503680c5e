namespace BroadcastOperator.Speech.Quality;

/// <summary>
/// The figures of one analysis window (or one phrase) of the speaker's 16 kHz audio. Levels in dBFS (a full-scale
/// sine is -3 dBFS RMS); null where the window had nothing to measure (no speech, no noise seen yet).
/// </summary>
public sealed record AudioQualityWindow(
    TimeSpan Duration,
    double RmsDbfs,
    double PeakDbfs,
    double ClippingRatio,
    double DcOffset,
    double SpeechRatio,
    double? SpeechDbfs,
    double? NoiseFloorDbfs,
    double? SnrDb,
    double DropoutRatio,
    TimeSpan SilenceFor);
