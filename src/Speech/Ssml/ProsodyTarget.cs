using BroadcastOperator.Speech.Expression;

namespace BroadcastOperator.Speech.Ssml;

/// <summary>
/// How the translation of one phrase should be said, relative to the voice's own default: a rate factor (1 = usual), a
/// pitch shift and a loudness change, emphasis, a final rise for a question, and the pause between clauses (null: the
/// voice's own). Made from the phrase's expression by <see cref="From"/>, already scaled and clamped.
/// </summary>
public sealed record ProsodyTarget(
    double RateFactor,
    double PitchSemitones,
    double VolumeDb,
    bool Emphasis,
    double FinalRiseSemitones,
    TimeSpan? Pause)
{
    public static readonly ProsodyTarget Flat = new(1, 0, 0, false, 0, null);

    public bool IsQuestion => FinalRiseSemitones > 0;

    /// <summary>
    /// The speaker's rate, loudness and pitch relative to their own baseline become the voice's, each delta scaled by the
    /// intensity and clamped to the options' limits; emphatic speech gets emphasis, a question a rising end; the mean
    /// pause the speaker made becomes the pause between clauses.
    /// </summary>
    public static ProsodyTarget From(PhraseExpression expression, ExpressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || options.Intensity <= 0)
        {
            return Flat;
        }

        var k = options.Intensity;
        // Rate on a log scale so twice as fast and half as fast are symmetric deltas.
        var rate = Math.Clamp(Math.Pow(Positive(expression.RateRatio), k), options.MinRateFactor, options.MaxRateFactor);
        var pitch = Math.Clamp(Finite(expression.PitchDeltaSemitones) * k, -options.MaxPitchSemitones, options.MaxPitchSemitones);
        var volume = Math.Clamp(Finite(expression.LoudnessDeltaDb) * k, -options.MaxVolumeDb, options.MaxVolumeDb);
        var rise = expression.Label == ExpressionLabel.Question
            ? Math.Min(options.QuestionRiseSemitones * k, 12)
            : 0;
        var prosody = expression.Prosody;
        TimeSpan? pause = prosody.Pauses > 0
            ? TimeSpan.FromTicks(Math.Clamp(prosody.PauseTime.Ticks / prosody.Pauses, options.MinPause.Ticks, options.MaxPause.Ticks))
            : null;
        return new ProsodyTarget(rate, pitch, volume, expression.Label == ExpressionLabel.Emphatic, rise, pause);
    }

    private static double Positive(double ratio) => double.IsFinite(ratio) && ratio > 0 ? ratio : 1;

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
