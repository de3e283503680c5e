using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>A final source segment handed to every language lane, with the instants its latency is measured from.</summary>
internal sealed record PhraseJob(RecognizedSegment Segment, long SpeechEndedAt, long PhraseClosedAt, long RecognizedAt)
{
    /// <summary>How the speaker said it, relative to their baseline; null when expression is not measured.</summary>
    public PhraseExpression? Expression { get; init; }
}
