namespace BroadcastOperator.Speech.Quality;

/// <summary>One closed window of the speaker's audio and the standing verdict after it; <see cref="Changed"/> when the verdict's reason flipped.</summary>
public sealed record AudioQualityReport(AudioQualityWindow Window, AudioQualityVerdict Verdict, bool Changed);
