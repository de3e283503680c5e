using Expression = BroadcastOperator.Speech.Expression;
using Quality = BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.Speech.Model;

/// <summary>
/// A caption for listeners: partial or final text of one phrase in one language (the source language or a target).
/// </summary>
public sealed record CaptionEvent(
    PhraseId PhraseId,
    string Language,
    string Text,
    bool IsFinal,
    bool IsSourceLanguage,
    TimeSpan Start,
    TimeSpan End)
{
    /// <summary>How the speaker said the phrase (finals only; null when it was not measured).</summary>
    public Expression.PhraseExpression? Expression { get; init; }

    /// <summary>The figures of the speaker's audio over the phrase (source-language finals only).</summary>
    public Quality.AudioQualityWindow? Quality { get; init; }
}
