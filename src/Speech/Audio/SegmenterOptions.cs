namespace BroadcastOperator.Speech.Audio;

/// <summary>Tuning of phrase segmentation; the defaults suit conversational speech.</summary>
public sealed record SegmenterOptions
{
    /// <summary>Unvoiced time after the last voiced frame that closes a phrase.</summary>
    public TimeSpan Hangover { get; init; } = TimeSpan.FromMilliseconds(280);

    /// <summary>A phrase is closed (and a new one opened) at this length, so a speaker who never pauses is still translated.</summary>
    public TimeSpan MaxPhraseLength { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Audio kept from before the onset and handed to the recognizer with the phrase, so first consonants are not cut.</summary>
    public TimeSpan PreRoll { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Voiced frames needed among the last three to open a phrase (rejects clicks).</summary>
    public int OnsetFrames { get; init; } = 2;

    public double VadMarginDb { get; init; } = 10;

    public double VadAbsoluteGateDbfs { get; init; } = -50;
}
