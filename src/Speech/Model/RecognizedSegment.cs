namespace BroadcastOperator.Speech.Model;

/// <summary>
/// What the recognizer heard for one phrase: a partial hypothesis while the speaker is still talking,
/// or the final text once the phrase has closed. Offsets are measured from the start of the session's audio.
/// </summary>
public sealed record RecognizedSegment(
    PhraseId PhraseId,
    string Language,
    string Text,
    bool IsFinal,
    TimeSpan Start,
    TimeSpan End);
