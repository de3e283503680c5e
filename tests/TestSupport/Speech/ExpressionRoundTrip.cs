using System.Diagnostics;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.TestSupport.Speech;

/// <summary>How the stand-in speaker says a phrase: espeak-ng prosody attributes (empty: the voice's own way).</summary>
public sealed record SpeakerStyle(string Name, string Prosody)
{
    public static readonly SpeakerStyle Usual = new("usual", "");
    public static readonly SpeakerStyle SlowQuietLow = new("slow-quiet-low", "rate=\"-25%\" pitch=\"-25%\" volume=\"-50%\"");
    public static readonly SpeakerStyle FastLoudHigh = new("fast-loud-high", "rate=\"+35%\" pitch=\"+30%\" volume=\"+80%\"");
}

/// <summary>One phrase through the pipeline: the speaker's audio and figures, the expression found, what was said in the target.</summary>
public sealed record ExpressionTake(
    PhraseProsody Source,
    PhraseExpression? Expression,
    string? Translation,
    SynthesizedPhrase? Output,
    PhraseProsody? OutputProsody,
    PhraseProsody? FlatOutputProsody,
    IReadOnlyList<PhraseLatency> Latencies)
{
    /// <summary>What the carried expression did to the translation: the output against the flat voice saying the same words.</summary>
    public ProsodyComparison? OutputEffect => OutputProsody is { } said && FlatOutputProsody is { } flat ? ProsodyComparison.Of(said, flat) : null;
}

/// <summary>
/// One rendering of the same words against another: rate as the inverse ratio of articulation time (syllable counting
/// saturates in fast synthetic speech; with the same words, time is the cleaner measure), loudness difference, F0 ratio.
/// </summary>
public sealed record ProsodyComparison(double RateRatio, double LoudnessDeltaDb, double F0Ratio)
{
    public static ProsodyComparison Of(PhraseProsody said, PhraseProsody reference) => new(
        reference.SpeechTime.TotalSeconds / Math.Max(0.01, said.SpeechTime.TotalSeconds),
        said.LoudnessDbfs - reference.LoudnessDbfs,
        said.F0Hz is { } f0 && reference.F0Hz is { } r ? f0 / r : double.NaN);

    /// <summary>This effect against another (fast against slow, say), in the same terms.</summary>
    public ProsodyComparison Against(ProsodyComparison other) =>
        new(RateRatio / other.RateRatio, LoudnessDeltaDb - other.LoudnessDeltaDb, F0Ratio / other.F0Ratio);

    public override string ToString() =>
        FormattableString.Invariant($"rate ×{RateRatio:0.00}, loudness {LoudnessDeltaDb:+0.0;-0.0;0.0} dB, F0 ×{F0Ratio:0.00}");
}

/// <summary>
/// The expression round trip: espeak-ng (SSML, English) stands in for a speaker; the speaker first says the warm-up
/// sentences their usual way (their baseline), then the measured sentence in a style; the audio goes through a real
/// <see cref="SpeechPipeline"/> with the local engines (pocketsphinx, apertium, espeak-ng), and what the synthesizer made
/// for the measured phrase in the target language is measured as the speaker was (<see cref="RecordedProsody"/>).
/// Shared by the Speech tests and `make bench FILTER=expression`.
/// </summary>
public static class ExpressionRoundTrip
{
    public const string Target = "es";
    public static readonly string[] WarmUp = ["the weather is fine today", "we will start the meeting now"];
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(900);

    /// <summary>The sentence spoken by espeak-ng's English voice in the style, 16 kHz.</summary>
    public static async Task<short[]> SpeakAsync(EspeakSynthesizer espeak, string sentence, SpeakerStyle style, string? finalRise = null,
        CancellationToken cancellationToken = default)
    {
        var text = BroadcastOperator.Speech.Ssml.SsmlBuilder.Escape(sentence);
        if (finalRise is not null)
        {
            var words = text.Split(' ');
            text = string.Join(' ', words[..^1]) + $" <prosody pitch=\"{finalRise}\">{words[^1]}?</prosody>";
        }

        var document = style.Prosody.Length == 0 ? $"<speak>{text}</speak>" : $"<speak><prosody {style.Prosody}>{text}</prosody></speak>";
        var samples = new List<short>();
        var rate = 0;
        await foreach (var chunk in espeak.SynthesizeSsmlAsync([document], "en", null, cancellationToken))
        {
            samples.AddRange(chunk.Samples.Span);
            rate = chunk.SampleRate;
        }

        var resampler = new PolyphaseResampler(rate, 16000);
        var output = new short[resampler.MaxOutputFor(samples.Count)];
        var written = resampler.Process(samples.ToArray(), output);
        return output[..written];
    }

    /// <summary>
    /// Warm-up phrases then <paramref name="sentence"/> in <paramref name="style"/>, through a fresh pipeline; fed in real
    /// time (20 ms blocks when due) when <paramref name="realTime"/>, else as fast as recognition takes it.
    /// </summary>
    public static async Task<ExpressionTake> RunAsync(ISpeechRecognizer recognizer, ITranslator translator, EspeakSynthesizer espeak,
        string sentence, SpeakerStyle style, ExpressionOptions expression, bool realTime = false, string? finalRise = null,
        CancellationToken cancellationToken = default)
    {
        var gap = new short[(int)(Gap.TotalSeconds * 16000)];
        var audio = new List<short>(gap);
        foreach (var warm in WarmUp)
        {
            audio.AddRange(await SpeakAsync(espeak, warm, SpeakerStyle.Usual, null, cancellationToken));
            audio.AddRange(gap);
        }

        var measured = await SpeakAsync(espeak, sentence, style, finalRise, cancellationToken);
        audio.AddRange(measured);
        audio.AddRange(gap);

        var synthesizer = new RecordingSynthesizer(espeak);
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = [Target], Expression = expression };
        await using var pipeline = new SpeechPipeline(options, new SpeechEngines(recognizer, translator, synthesizer));
        pipeline.Start();
        await FeedAsync(pipeline, audio.ToArray(), realTime, cancellationToken);
        await pipeline.CompleteAsync(cancellationToken);

        var captions = new List<CaptionEvent>();
        while (pipeline.Captions.TryRead(out var caption))
        {
            captions.Add(caption);
        }

        var latencies = new List<PhraseLatency>();
        while (pipeline.Latencies.TryRead(out var latency))
        {
            latencies.Add(latency);
        }

        // The measured phrase is the last the speaker said; its translation is the target's last, if it has one.
        var source = captions.LastOrDefault(c => c.IsFinal && c.IsSourceLanguage);
        var translated = captions.LastOrDefault(c => c.IsFinal && c.Language == Target);
        var output = source is not null && translated?.PhraseId == source.PhraseId && synthesizer.Phrases is [.., var last] ? last : null;
        PhraseProsody? flat = null;
        if (output is not null)
        {
            var samples = new List<short>();
            await foreach (var chunk in espeak.SynthesizeAsync(translated!.Text, Target, null, cancellationToken))
            {
                samples.AddRange(chunk.Samples.Span);
            }

            flat = RecordedProsody.Measure(samples.ToArray(), EspeakSynthesizer.SampleRate);
        }

        return new ExpressionTake(
            RecordedProsody.Measure(measured, 16000),
            source?.Expression,
            output is null ? null : translated!.Text,
            output,
            output is null || output.Samples.Length == 0 ? null : RecordedProsody.Measure(output.Samples, output.SampleRate),
            flat,
            latencies);
    }

    private static async Task FeedAsync(SpeechPipeline pipeline, short[] audio, bool realTime, CancellationToken cancellationToken)
    {
        const int block = 320;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < audio.Length; i += block)
        {
            var length = Math.Min(block, audio.Length - i);
            if (realTime)
            {
                var due = TimeSpan.FromSeconds((i + length) / 16000.0) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            await pipeline.WritePcm16kAsync(audio.AsMemory(i, length), cancellationToken);
        }
    }
}
