namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// The speaker's usual rate, loudness, pitch and pitch range, as running averages over their phrases (each phrase
/// moves them by <see cref="Weight"/>, weighted by its speech time so a one-word phrase moves them little). A phrase is
/// compared with the baseline as it stood before it. Before the first phrase the baseline is the phrase itself
/// (neutral), except for the rate, which starts at a conversational 4 syllables per second.
/// </summary>
public sealed class SpeakerBaseline
{
    private const double Weight = 0.2;
    private const double FullWeightSeconds = 2;
    private double _rate = 4;
    private double? _loudness;
    private double? _logF0;
    private double? _range;

    public PhraseExpression Relate(PhraseProsody phrase)
    {
        if (phrase.SpeechTime <= TimeSpan.Zero)
        {
            return PhraseExpression.Neutral(phrase);
        }

        var rateRatio = phrase.SyllablesPerSecond > 0 ? phrase.SyllablesPerSecond / _rate : 1;
        var loudness = phrase.LoudnessDbfs - (_loudness ?? phrase.LoudnessDbfs);
        var pitch = phrase.F0Hz is { } f0 ? 12 * (Math.Log2(f0) - (_logF0 ?? Math.Log2(f0))) : 0;
        var range = phrase.F0RangeSemitones is { } r && _range is > 0.5 ? r / _range.Value : 1;
        var label = ExpressionRules.Label(rateRatio, loudness, pitch, range, phrase.FinalSlopeSemitonesPerSecond);
        Learn(phrase);
        return new PhraseExpression(label, rateRatio, loudness, pitch, range, phrase.FinalSlopeSemitonesPerSecond, phrase);
    }

    private void Learn(PhraseProsody phrase)
    {
        var weight = Weight * Math.Min(1, phrase.SpeechTime.TotalSeconds / FullWeightSeconds);
        static double Move(double? current, double value, double weight) => current is { } c ? c + (value - c) * weight : value;
        if (phrase.SyllablesPerSecond > 0)
        {
            _rate = Move(_rate, phrase.SyllablesPerSecond, weight);
        }

        _loudness = Move(_loudness, phrase.LoudnessDbfs, weight);
        if (phrase.F0Hz is { } f0)
        {
            _logF0 = Move(_logF0, Math.Log2(f0), weight);
        }

        if (phrase.F0RangeSemitones is { } range)
        {
            _range = Move(_range, range, weight);
        }
    }
}
