namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// A phrase's prosody relative to the speaker's own baseline: rate as a ratio (1 = their usual pace), loudness and
/// pitch as differences (dB, semitones), pitch range as a ratio; the label those give; and the absolute figures.
/// </summary>
public sealed record PhraseExpression(
    ExpressionLabel Label,
    double RateRatio,
    double LoudnessDeltaDb,
    double PitchDeltaSemitones,
    double PitchRangeRatio,
    double? FinalSlopeSemitonesPerSecond,
    PhraseProsody Prosody)
{
    /// <summary>A phrase said the speaker's usual way (or one nothing could be measured of).</summary>
    public static PhraseExpression Neutral(PhraseProsody prosody) => new(ExpressionLabel.Neutral, 1, 0, 0, 1, null, prosody);
}
