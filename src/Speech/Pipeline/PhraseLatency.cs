using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// Where the time went between the end of a phrase's speech and its first translated audio in one language.
/// <see cref="Total"/> also holds what no stage accounts for (waiting behind the language's previous phrase).
/// </summary>
public sealed record PhraseLatency(
    PhraseId PhraseId,
    string Language,
    TimeSpan Endpointing,
    TimeSpan AsrFinalization,
    TimeSpan Translation,
    TimeSpan SynthesisFirstChunk,
    TimeSpan Total);
