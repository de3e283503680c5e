using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// Where the time went between the end of a phrase's speech and its first translated audio in one language.
/// <see cref="Total"/> also holds what no stage accounts for (waiting behind the language's previous phrase).
/// <see cref="FirstAudioAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) and <see cref="StreamEnd"/>
/// (where the phrase closed in the speaker's stream) let a caller measure against its own reference for the end of speech.
/// </summary>
public sealed record PhraseLatency(
    PhraseId PhraseId,
    string Language,
    TimeSpan Endpointing,
    TimeSpan AsrFinalization,
    TimeSpan Translation,
    TimeSpan SynthesisFirstChunk,
    TimeSpan Total,
    long FirstAudioAt,
    TimeSpan StreamEnd);
