using System.Diagnostics;
using System.Threading.Channels;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Metrics;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Ssml;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// One target language: its own bounded queue of phrases and its own worker (translate → synthesize → queue
/// audio), so phrases stay in order within the language and a slow language never delays another. When the
/// queue is full the oldest waiting phrase is dropped: late speech is worth less than current speech.
/// </summary>
internal sealed class LanguageLane
{
    private readonly Channel<PhraseJob> _jobs;
    private readonly string _source;
    private readonly string? _voice;
    private readonly SpeechEngines _engines;
    private readonly ChannelWriter<CaptionEvent> _captions;
    private readonly ChannelWriter<PhraseLatency> _latencies;
    private long _dropped;
    private long _ssmlFallbacks;

    public LanguageLane(string source, string language, string? voice, int capacity, LanguageOutput output,
        SpeechEngines engines, ChannelWriter<CaptionEvent> captions, ChannelWriter<PhraseLatency> latencies)
    {
        _source = source;
        Language = language;
        _voice = voice;
        Output = output;
        _engines = engines;
        _captions = captions;
        _latencies = latencies;
        _jobs = Channel.CreateBounded<PhraseJob>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => OnDropped());
    }

    public string Language { get; }

    public LanguageOutput Output { get; }

    public long DroppedPhrases => Interlocked.Read(ref _dropped);

    public long SsmlFallbacks => Interlocked.Read(ref _ssmlFallbacks);

    /// <summary>How the speaker's expression is carried into this language's speech.</summary>
    public ExpressionOptions Expression { get; init; } = new();

    public void Enqueue(PhraseJob job) => _jobs.Writer.TryWrite(job);

    public void Complete() => _jobs.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await ProcessAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // One bad phrase (engine hiccup, odd text) must not end the language's stream.
                SpeechMetrics.StageErrors.WithLabels("lane", Language).Inc();
            }
        }
    }

    private async Task ProcessAsync(PhraseJob job, CancellationToken cancellationToken)
    {
        var segment = job.Segment;
        var pair = new LanguagePair(_source, Language);
        var mtStarted = Stopwatch.GetTimestamp();
        string translated;
        try
        {
            translated = await _engines.Translator.TranslateAsync(segment.Text, pair, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SpeechMetrics.StageErrors.WithLabels("mt", Language).Inc();
            return;
        }

        var mtDone = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(translated))
        {
            return;
        }

        _captions.TryWrite(new CaptionEvent(segment.PhraseId, Language, translated, true, false, segment.Start, segment.End) { Expression = job.Expression });
        var firstAudio = new FirstAudio(job, mtStarted, mtDone);
        if (Ssml(translated, job.Expression) is { } ssml)
        {
            try
            {
                await foreach (var chunk in ssml.Synthesizer.SynthesizeSsmlAsync(ssml.Documents, Language, _voice, cancellationToken).ConfigureAwait(false))
                {
                    Speak(chunk, firstAudio);
                }

                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && !firstAudio.Reported)
            {
                // Refused before any audio: say it flat rather than not at all, and count it.
                Interlocked.Increment(ref _ssmlFallbacks);
                SpeechMetrics.SsmlFallbacks.WithLabels(Language, ssml.Dialect.Name).Inc();
            }
        }

        await foreach (var chunk in _engines.Synthesizer.SynthesizeAsync(translated, Language, _voice, cancellationToken).ConfigureAwait(false))
        {
            Speak(chunk, firstAudio);
        }
    }

    /// <summary>The phrase as SSML documents when the engine takes SSML, expression is on and there is something to carry.</summary>
    private (ISsmlSynthesizer Synthesizer, SsmlDialect Dialect, IReadOnlyList<string> Documents)? Ssml(string text, PhraseExpression? expression)
    {
        if (expression is null || _engines.Synthesizer is not ISsmlSynthesizer synthesizer)
        {
            return null;
        }

        var target = ProsodyTarget.From(expression, Expression);
        if (target == ProsodyTarget.Flat)
        {
            return null;
        }

        var dialect = synthesizer.DialectFor(Language, _voice);
        var parts = dialect.DocumentPerPart ? SpeechTextParts.Split(text) : [text];
        var documents = SsmlBuilder.Build(parts, target, dialect);
        return documents.Count == 0 ? null : (synthesizer, dialect, documents);
    }

    private void Speak(PcmChunk chunk, FirstAudio firstAudio)
    {
        Output.Queue.Append(chunk.Samples.Span, chunk.SampleRate);
        if (!firstAudio.Reported)
        {
            firstAudio.Reported = true;
            Report(firstAudio.Job, firstAudio.MtStarted, firstAudio.MtDone, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>What the first chunk of a phrase's audio reports its latency with, and whether it has.</summary>
    private sealed class FirstAudio(PhraseJob job, long mtStarted, long mtDone)
    {
        public PhraseJob Job { get; } = job;

        public long MtStarted { get; } = mtStarted;

        public long MtDone { get; } = mtDone;

        public bool Reported { get; set; }
    }

    private void Report(PhraseJob job, long mtStarted, long mtDone, long firstAudio)
    {
        var latency = new PhraseLatency(
            job.Segment.PhraseId,
            Language,
            Endpointing: Stopwatch.GetElapsedTime(job.SpeechEndedAt, job.PhraseClosedAt),
            AsrFinalization: Stopwatch.GetElapsedTime(job.PhraseClosedAt, job.RecognizedAt),
            Translation: Stopwatch.GetElapsedTime(mtStarted, mtDone),
            SynthesisFirstChunk: Stopwatch.GetElapsedTime(mtDone, firstAudio),
            Total: Stopwatch.GetElapsedTime(job.SpeechEndedAt, firstAudio),
            FirstAudioAt: firstAudio,
            StreamEnd: job.Segment.End);
        SpeechMetrics.TranslateLatency.WithLabels(Language).Observe(latency.Total.TotalSeconds);
        SpeechMetrics.StageLatency.WithLabels("endpointing", Language).Observe(latency.Endpointing.TotalSeconds);
        SpeechMetrics.StageLatency.WithLabels("asr_finalization", Language).Observe(latency.AsrFinalization.TotalSeconds);
        SpeechMetrics.StageLatency.WithLabels("mt", Language).Observe(latency.Translation.TotalSeconds);
        SpeechMetrics.StageLatency.WithLabels("tts_first_chunk", Language).Observe(latency.SynthesisFirstChunk.TotalSeconds);
        _latencies.TryWrite(latency);
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        SpeechMetrics.PhrasesDropped.WithLabels(Language).Inc();
    }
}
