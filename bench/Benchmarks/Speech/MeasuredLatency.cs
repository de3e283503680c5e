using System.Diagnostics;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>
/// One phrase-language latency measured from the end of speech found in the audio (<see cref="EndOfSpeechReference"/>)
/// rather than from the pipeline's own VAD: <see cref="Total"/> is that instant → first translated audio, and
/// <see cref="Endpointing"/> that instant → phrase closed. The later stages come from the pipeline as they are.
/// </summary>
internal sealed record MeasuredLatency(PhraseLatency Pipeline, TimeSpan SpeechEnd, TimeSpan Total, TimeSpan Endpointing)
{
    /// <param name="wallStartedAt">Stopwatch timestamp at which stream offset zero was due.</param>
    public static MeasuredLatency From(PhraseLatency latency, EndOfSpeechReference reference, long wallStartedAt)
    {
        var speechEnd = reference.LastSpeechEndBefore(latency.StreamEnd) ?? latency.StreamEnd;
        var speechEndedAt = wallStartedAt + (long)(speechEnd.TotalSeconds * Stopwatch.Frequency);
        var total = Stopwatch.GetElapsedTime(speechEndedAt, latency.FirstAudioAt);
        var afterClose = latency.Total - latency.Endpointing;
        return new MeasuredLatency(latency, speechEnd, total, total - afterClose);
    }

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"phrase {Pipeline.PhraseId.Value} {Pipeline.Language}: speech end {SpeechEnd.TotalSeconds:0.00}s, closed at {Pipeline.StreamEnd.TotalSeconds:0.00}s; endpointing {Endpointing.TotalMilliseconds:0} (from VAD's last voiced frame {Pipeline.Endpointing.TotalMilliseconds:0}), asr {Pipeline.AsrFinalization.TotalMilliseconds:0}, mt {Pipeline.Translation.TotalMilliseconds:0}, tts {Pipeline.SynthesisFirstChunk.TotalMilliseconds:0}, total {Total.TotalMilliseconds:0} ms");
}
