namespace BroadcastOperator.Speech.Quality;

/// <summary>
/// Thresholds of the speaker's audio checks. A problem is raised after <see cref="RaiseAfterWindows"/> windows in a
/// row show it and cleared after <see cref="ClearAfterWindows"/> windows in a row show it gone, so it does not flicker.
/// </summary>
public sealed record AudioQualityOptions
{
    /// <summary>Length of one analysis window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A sample at or above this fraction of full scale, in a run of <see cref="ClippingMinRun"/>, is clipped.</summary>
    public double ClippingLevel { get; init; } = 0.99;

    /// <summary>Consecutive samples at the rail that make a flat top (a lone peak is not clipping).</summary>
    public int ClippingMinRun { get; init; } = 3;

    /// <summary>Share of a window's samples clipped that counts as clipping.</summary>
    public double ClippingRatio { get; init; } = 0.001;

    /// <summary>Speech quieter than this (RMS over the frames with speech) is too quiet.</summary>
    public double TooQuietSpeechDbfs { get; init; } = -38;

    /// <summary>Speech less than this far above the noise floor is noisy.</summary>
    public double NoisySnrDb { get; init; } = 15;

    /// <summary>Share of the expected packets lost in a window that counts as dropouts.</summary>
    public double DropoutRatio { get; init; } = 0.05;

    /// <summary>No speech at all for this long while the speaker is on air is "no signal".</summary>
    public TimeSpan LongSilence { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A frame this far above the noise floor carries speech (for level and SNR; lower than the segmenter's gate).</summary>
    public double SpeechMarginDb { get; init; } = 6;

    /// <summary>Frames below this level never count as speech.</summary>
    public double SpeechGateDbfs { get; init; } = -70;

    public int RaiseAfterWindows { get; init; } = 2;

    public int ClearAfterWindows { get; init; } = 3;
}
