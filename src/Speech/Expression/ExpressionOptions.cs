namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// Whether the speaker's expression is carried into the translated speech (spec.expression), how strongly, and the
/// limits that keep the result intelligible. <see cref="Intensity"/> scales every delta before the limits apply:
/// 1 carries the speaker's difference from their own baseline as measured, 0.5 half of it, 0 none (a flat voice, as
/// <see cref="Enabled"/> = false).
/// </summary>
public sealed record ExpressionOptions
{
    public const double MinIntensity = 0;
    public const double MaxIntensity = 2;

    public bool Enabled { get; init; } = true;

    public double Intensity { get; init; } = 1;

    /// <summary>Fastest the translation may go relative to the voice's usual rate (+40 %): faster blurs syllables.</summary>
    public double MaxRateFactor { get; init; } = 1.4;

    /// <summary>Slowest (−30 %): slower sounds broken, not calm.</summary>
    public double MinRateFactor { get; init; } = 0.7;

    /// <summary>Largest pitch shift either way, semitones.</summary>
    public double MaxPitchSemitones { get; init; } = 4;

    /// <summary>Largest loudness change either way, dB (−6 dB is still well above the listener's noise).</summary>
    public double MaxVolumeDb { get; init; } = 6;

    /// <summary>
    /// How far the last word of a question rises, semitones, scaled by the intensity up to an octave. Larger than the other
    /// shifts: a question's rise is a step of several semitones in speech, and a smaller one is lost in the word's own fall.
    /// </summary>
    public double QuestionRiseSemitones { get; init; } = 7;

    /// <summary>A pause between clauses of the translation follows the speaker's pauses, within these bounds.</summary>
    public TimeSpan MinPause { get; init; } = TimeSpan.FromMilliseconds(150);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>A clear error for settings that cannot work (from the CRD they are validated already).</summary>
    public void Validate()
    {
        if (double.IsNaN(Intensity) || Intensity is < MinIntensity or > MaxIntensity)
        {
            throw new ArgumentOutOfRangeException(nameof(Intensity), Intensity, $"Expression intensity must be within {MinIntensity}..{MaxIntensity}.");
        }

        if (MinRateFactor is <= 0 or > 1 || MaxRateFactor < 1 || MaxPitchSemitones < 0 || MaxVolumeDb < 0 || MinPause > MaxPause)
        {
            throw new ArgumentException("Expression limits are inconsistent.");
        }
    }
}
