using System.Diagnostics;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// End of a spoken phrase → first translated audio at each target language's listener. The speaker streams
/// espeak-ng English phrases as Opus in real time; the end of speech is the send time of the phrase's last
/// audible frame; the listener side takes the receipt of the first audible packet after it (loopback adds
/// microseconds to the worker's send). The next phrase starts only once every language has played its
/// translation and gone quiet (waiting long, so slow phrases are measured rather than dropped), so each
/// translation is credited to its own phrase. The worker's own figure
/// (its LatencyTracker: end of speech → first synthesized audio, in status.media.latencyMs) is printed beside it.
/// </summary>
internal static class TranslationLatencyBench
{
    private const string WarmUpPhrase = "good morning everybody";
    private static readonly string[] Phrases =
    [
        "the house is very big",
        "i want to drink some water",
        "the weather is good today",
        "my brother lives in the city",
        "we are going to the market",
        "the children are playing in the park",
        "she reads a book every night",
        "this is a beautiful morning",
        "the train leaves at nine",
        "thank you very much my friend",
    ];

    private static readonly TimeSpan QuietAfterTranslation = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(WorkerWorld world, BenchSession session, BenchSpeaker speaker, IReadOnlyList<TranslatedAudioDetector> detectors,
        BenchReport report, CancellationToken cancellationToken)
    {
        var spoken = new List<SpokenPhrase>();
        foreach (var text in Phrases.Prepend(WarmUpPhrase))
        {
            spoken.Add(await SpokenPhrase.SpeakAsync(text, cancellationToken));
        }

        var ledger = new TranslationLedger(detectors.Select(d => d.Language));
        var elapsed = Stopwatch.StartNew();
        var spokenCount = 0;
        using (var stream = new SpeakerStream(speaker))
        {
            for (; spokenCount < spoken.Count && elapsed.Elapsed < Budget; spokenCount++)
            {
                var phraseStart = Stopwatch.GetTimestamp();
                var endOfSpeech = await stream.Say(spoken[spokenCount]).WaitAsync(cancellationToken);
                // Translated audio before the end of speech: the worker cut the phrase in two (or an earlier phrase's
                // translation came later than the give-up time). Either way this phrase's latency cannot be told apart.
                var cut = detectors.Any(d => d.LastSpeechAt > phraseStart);
                foreach (var detector in detectors)
                {
                    detector.MarkFrom(endOfSpeech);
                }

                await WaitForTranslationsAsync(detectors, endOfSpeech, cancellationToken);
                foreach (var detector in detectors)
                {
                    ledger.Record(spokenCount, detector.Language, endOfSpeech, detector.FirstSpeechAfterMark, cut);
                }
            }
        }

        foreach (var (language, cold) in ledger.Cold)
        {
            report.Figure($"worker_translate_cold_first_phrase_{language}_ms", cold ?? double.NaN, "ms");
        }

        report.Note($"worker translate: {spokenCount - 1} of {Phrases.Length} phrases spoken within {Budget.TotalSeconds} s after one warm-up phrase; {ledger.Describe(GiveUpAfter)}; load average {BenchStatistics.LoadAverage()}");
        foreach (var (language, samples) in ledger.Latencies)
        {
            report.Figure($"worker_translate_first_packet_{language}_p50_ms", BenchStatistics.Percentile(samples, 0.50), "ms");
            report.Figure($"worker_translate_first_packet_{language}_p95_ms", BenchStatistics.Percentile(samples, 0.95), "ms");
        }

        await ReportWorkerOwnFigureAsync(world, session, detectors, report, cancellationToken);
    }

    /// <summary>Until every language has heard its translation and gone quiet again, or it is given up.</summary>
    private static async Task WaitForTranslationsAsync(IReadOnlyList<TranslatedAudioDetector> detectors, long endOfSpeech, CancellationToken cancellationToken)
    {
        bool Done(TranslatedAudioDetector d) => d.FirstSpeechAfterMark != 0 && Stopwatch.GetElapsedTime(d.LastSpeechAt) > QuietAfterTranslation;
        while (!detectors.All(Done) && Stopwatch.GetElapsedTime(endOfSpeech) < GiveUpAfter)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>The worker's LatencyTracker as it writes it into status.media.latencyMs (its window also holds the warm-up phrase).</summary>
    private static async Task ReportWorkerOwnFigureAsync(WorkerWorld world, BenchSession session, IReadOnlyList<TranslatedAudioDetector> detectors,
        BenchReport report, CancellationToken cancellationToken)
    {
        // The worker writes status at most every 2 s: wait until a write after the last phrase has landed.
        await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken);
        var media = (await world.ReadSessionAsync(session)).Status?.Media;
        foreach (var detector in detectors)
        {
            if (media?.LatencyMs?.GetValueOrDefault(detector.Language) is { } summary)
            {
                report.Figure($"worker_translate_status_{detector.Language}_p50_ms", summary.P50 ?? double.NaN, "ms");
                report.Figure($"worker_translate_status_{detector.Language}_p95_ms", summary.P95 ?? double.NaN, "ms");
            }
            else
            {
                report.Note($"worker translate: status.media.latencyMs has no {detector.Language} entry");
            }
        }
    }
}
