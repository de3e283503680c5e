namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// What one phrase sounded like, in absolute figures: speaking rate (syllable nuclei per second of articulation time —
/// first to last speech, pauses of 150 ms or more left out — and
/// recognized words per second when there is text), loudness (RMS of the frames with speech), F0 level (median) and
/// range (10th to 90th percentile, semitones), the final pitch movement (semitones per second over the last voiced
/// stretch) and the pauses inside it. Null where the phrase had no voiced frame.
/// </summary>
public sealed record PhraseProsody(
    TimeSpan Duration,
    TimeSpan SpeechTime,
    int Syllables,
    double SyllablesPerSecond,
    double? WordsPerSecond,
    double LoudnessDbfs,
    double? F0Hz,
    double? F0RangeSemitones,
    double? FinalSlopeSemitonesPerSecond,
    int Pauses,
    TimeSpan PauseTime);
