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
    TimeSpan End);
