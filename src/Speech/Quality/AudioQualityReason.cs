namespace BroadcastOperator.Speech.Quality;

/// <summary>What is wrong with the speaker's audio; the names are the <c>AudioQuality</c> condition's reasons.</summary>
public enum AudioQualityReason
{
    /// <summary>Nothing is wrong (the condition is True).</summary>
    Good,
    NoSignal,
    Clipping,
    Dropouts,
    TooQuiet,
    Noisy,
}
