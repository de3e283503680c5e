using System.Diagnostics;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>
/// The librivox utterances fed in real time (20 ms blocks on an absolute schedule, 1.5 s of silence between
/// them) through the embedded engines into es and ca: end of speech → first translated audio, per stage;
/// recognition accuracy against the pocketsphinx CLI on the same files; recognition speed (CPU time).
/// </summary>
public sealed class SpeechLatencySuite : IBenchSuite
{
    private static readonly string[] Targets = ["es", "ca"];

    // The recordings' own noise floor is -43..-48 dBFS: the pauses between utterances carry room noise like it
    // rather than digital silence, as a live microphone would.
    private const double RoomToneDbfs = -48;

    public string Name => "speech";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var corpus = LibrivoxCorpus.Load();
        var catalog = EngineCatalog.DiscoverInstalled();
        if (corpus.Count == 0 || !Targets.All(t => catalog.Serves("en", t)))
        {
            report.Note($"speech: skipped (librivox corpus or engines missing; served: {catalog.DescribeServedPairs()})");
            return;
        }

        report.Note($"speech: load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        // SPEECH_BENCH_GAP=silence puts digital silence (a gated microphone) between utterances instead.
        var gap = Environment.GetEnvironmentVariable("SPEECH_BENCH_GAP") == "silence"
            ? new short[16000 * 3 / 2]
            : RoomTone.Generate(16000 * 3 / 2, RoomToneDbfs);
        var spans = new List<(TimeSpan Start, TimeSpan End)>();
        var offlineCaptions = await RecognizeOfflineAsync(report, corpus, gap, spans, cancellationToken);
        var baseline = await Task.WhenAll(corpus.Select(u => LibrivoxCorpus.PocketSphinxContinuousAsync(u.Wav, cancellationToken)));
        ReportAccuracy(report, corpus, spans, offlineCaptions, baseline);
        if (Environment.GetEnvironmentVariable("SPEECH_BENCH_ACCURACY_ONLY") == "1")
        {
            return; // quick comparison of decoder settings: WER and RTF only
        }

        await using var recognizer = NewRecognizer();
        await using var translator = new ApertiumTranslator();
        await translator.WarmUpAsync(Targets.Select(t => new LanguagePair("en", t)), cancellationToken);
        var engines = new SpeechEngines(recognizer, translator, new EspeakSynthesizer());
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = Targets }, engines);
        pipeline.Start();

        var reference = new EndOfSpeechReference();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wallStartedAt = Stopwatch.GetTimestamp();
        var wall = Stopwatch.StartNew();
        var fed = TimeSpan.Zero;
        fed = await FeedRealTimeAsync(pipeline, gap, fed, wall, cancellationToken);
        foreach (var utterance in corpus)
        {
            reference.AddUtterance(fed, utterance.Samples);
            fed = await FeedRealTimeAsync(pipeline, utterance.Samples, fed, wall, cancellationToken);
            fed = await FeedRealTimeAsync(pipeline, gap, fed, wall, cancellationToken);
        }

        await pipeline.CompleteAsync(cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var latencies = Drain(pipeline.Latencies).Select(l => MeasuredLatency.From(l, reference, wallStartedAt)).ToList();

        ReportLatency(report, latencies);
        report.Figure("speech_ingest_dropped_ms", pipeline.DroppedSamples / 16.0, "ms");
        report.Figure("speech_cpu_percent_per_language", 100 * cpu.TotalSeconds / wall.Elapsed.TotalSeconds / Targets.Length, "%");
        report.Note($"speech: {latencies.Count} phrase-language pairs, opus {pipeline.OpusVersion}");
    }

    /// <summary>
    /// The same streaming path (segmenter + warm decoder) fed without loss as fast as it decodes: accuracy and
    /// the real-time factor in CPU time, which a loaded build machine does not distort as it does wall time.
    /// </summary>
    private static async Task<List<CaptionEvent>> RecognizeOfflineAsync(BenchReport report, IReadOnlyList<(string Wav, string Reference, short[] Samples)> corpus,
        short[] gap, List<(TimeSpan Start, TimeSpan End)> spans, CancellationToken cancellationToken)
    {
        await using var recognizer = NewRecognizer();
        await using var translator = new ApertiumTranslator();
        var engines = new SpeechEngines(recognizer, translator, new EspeakSynthesizer());
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = [] }, engines);
        pipeline.Start();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var fed = TimeSpan.Zero;
        fed = await FeedAsync(pipeline, gap, fed, cancellationToken);
        foreach (var utterance in corpus)
        {
            var start = fed;
            fed = await FeedAsync(pipeline, utterance.Samples, fed, cancellationToken);
            spans.Add((start, fed));
            fed = await FeedAsync(pipeline, gap, fed, cancellationToken);
        }

        await pipeline.CompleteAsync(cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        report.Figure("asr_rtf", cpu.TotalSeconds / fed.TotalSeconds, "x");
        // The stricter reading: the same CPU over the utterances alone, without the pauses between them.
        report.Figure("asr_rtf_speech_only", cpu.TotalSeconds / spans.Sum(s => (s.End - s.Start).TotalSeconds), "x");
        return Drain(pipeline.Captions);
    }

    /// <summary>The recognizer with its live defaults, or with SPEECH_BENCH_ASR_ARGS ("-name value ...") on top to compare settings.</summary>
    private static PocketSphinxRecognizer NewRecognizer() =>
        new(extraArguments: Environment.GetEnvironmentVariable("SPEECH_BENCH_ASR_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static async Task<TimeSpan> FeedAsync(SpeechPipeline pipeline, short[] samples, TimeSpan fed, CancellationToken cancellationToken)
    {
        for (var i = 0; i < samples.Length; i += 320)
        {
            await pipeline.WritePcm16kAsync(samples.AsMemory(i, Math.Min(320, samples.Length - i)), cancellationToken);
        }

        return fed + TimeSpan.FromSeconds(samples.Length / 16000.0);
    }

    private static async Task<TimeSpan> FeedRealTimeAsync(SpeechPipeline pipeline, short[] samples, TimeSpan fed, Stopwatch wall, CancellationToken cancellationToken)
    {
        for (var i = 0; i < samples.Length; i += 320)
        {
            var length = Math.Min(320, samples.Length - i);
            fed += TimeSpan.FromSeconds(length / 16000.0);
            // A live source delivers a block once its last sample has been captured.
            var due = fed - wall.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            pipeline.PushPcm16k(samples.AsSpan(i, length));
        }

        return fed;
    }

    private static void ReportAccuracy(BenchReport report, IReadOnlyList<(string Wav, string Reference, short[] Samples)> corpus,
        List<(TimeSpan Start, TimeSpan End)> spans, List<CaptionEvent> captions, string[] baseline)
    {
        var (words, errors) = LibrivoxCorpus.Score(corpus, spans, captions);
        var baselineErrors = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            baselineErrors += LibrivoxCorpus.WordErrors(LibrivoxCorpus.Words(corpus[i].Reference), LibrivoxCorpus.Words(baseline[i]));
        }

        report.Figure("asr_wer_percent", 100.0 * errors / words, "%");
        report.Figure("asr_wer_baseline_percent", 100.0 * baselineErrors / words, "%");
        report.Note($"speech: WER over {words} words of {corpus.Count} librivox utterances; baseline = pocketsphinx_continuous");
    }

    private static void ReportLatency(BenchReport report, List<MeasuredLatency> latencies)
    {
        if (latencies.Count == 0)
        {
            report.Note("speech: no translated phrase");
            return;
        }

        foreach (var latency in latencies)
        {
            report.Note("speech: " + latency.Describe());
        }

        report.Note("speech: end of speech = end of the last frame 10 dB over the file's noise floor before the phrase closed (offline analysis)");
        report.Figure("translate_latency_p50_ms", Percentile(latencies.Select(l => l.Total), 50), "ms");
        report.Figure("translate_latency_p95_ms", Percentile(latencies.Select(l => l.Total), 95), "ms");
        report.Figure("stage_endpointing_p50_ms", Percentile(latencies.Select(l => l.Endpointing), 50), "ms");
        report.Figure("stage_endpointing_from_vad_p50_ms", Percentile(latencies.Select(l => l.Pipeline.Endpointing), 50), "ms");
        report.Figure("stage_asr_finalization_p50_ms", Percentile(latencies.Select(l => l.Pipeline.AsrFinalization), 50), "ms");
        report.Figure("stage_mt_p50_ms", Percentile(latencies.Select(l => l.Pipeline.Translation), 50), "ms");
        report.Figure("stage_tts_first_chunk_p50_ms", Percentile(latencies.Select(l => l.Pipeline.SynthesisFirstChunk), 50), "ms");
        foreach (var language in Targets)
        {
            var own = latencies.Where(l => l.Pipeline.Language == language).Select(l => l.Pipeline).ToArray();
            report.Figure($"mt_latency_{language}_mean_ms", own.Average(l => l.Translation.TotalMilliseconds), "ms");
            report.Figure($"tts_first_chunk_{language}_mean_ms", own.Average(l => l.SynthesisFirstChunk.TotalMilliseconds), "ms");
        }
    }

    private static double Percentile(IEnumerable<TimeSpan> values, int percentile)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static List<T> Drain<T>(System.Threading.Channels.ChannelReader<T> reader)
    {
        var items = new List<T>();
        while (reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
