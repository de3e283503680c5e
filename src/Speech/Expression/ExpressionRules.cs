namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// The label of a phrase from its figures relative to the speaker's baseline, first rule that holds:
/// <list type="number">
/// <item><b>question</b>: the pitch rises at the end — final slope ≥ <see cref="QuestionSlope"/> semitones/s over the last
/// half second of voice.</item>
/// <item><b>excited</b> (high arousal, fast): rate ≥ <see cref="FastRatio"/> × usual, and louder by ≥ <see cref="LouderDb"/> / 2 dB
/// or higher by ≥ <see cref="HigherSemitones"/> semitones.</item>
/// <item><b>emphatic</b> (high arousal, deliberate): louder by ≥ <see cref="LouderDb"/> dB, or a pitch range ≥
/// <see cref="WideRangeRatio"/> × usual with louder by ≥ <see cref="LouderDb"/> / 2, at no more than the usual pace.</item>
/// <item><b>calm</b> (low arousal): rate ≤ <see cref="SlowRatio"/> × usual or quieter by ≥ <see cref="QuieterDb"/> dB, and
/// not louder nor higher.</item>
/// <item><b>neutral</b>: anything else.</item>
/// </list>
/// </summary>
public static class ExpressionRules
{
    public const double QuestionSlope = 6;
    public const double FastRatio = 1.15;
    public const double SlowRatio = 0.85;
    public const double LouderDb = 4;
    public const double QuieterDb = 4;
    public const double HigherSemitones = 2;
    public const double WideRangeRatio = 1.4;

    public static ExpressionLabel Label(double rateRatio, double loudnessDb, double pitchSemitones, double rangeRatio, double? finalSlope)
    {
        if (finalSlope >= QuestionSlope)
        {
            return ExpressionLabel.Question;
        }

        if (rateRatio >= FastRatio && (loudnessDb >= LouderDb / 2 || pitchSemitones >= HigherSemitones))
        {
            return ExpressionLabel.Excited;
        }

        if (rateRatio < FastRatio && (loudnessDb >= LouderDb || (rangeRatio >= WideRangeRatio && loudnessDb >= LouderDb / 2)))
        {
            return ExpressionLabel.Emphatic;
        }

        if ((rateRatio <= SlowRatio || loudnessDb <= -QuieterDb) && loudnessDb < LouderDb / 2 && pitchSemitones < HigherSemitones)
        {
            return ExpressionLabel.Calm;
        }

        return ExpressionLabel.Neutral;
    }
}
