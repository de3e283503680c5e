using Prometheus;

namespace BroadcastOperator.Speech.Metrics;

/// <summary>Prometheus series of the speech pipeline (registered once per process, labelled by language and stage).</summary>
public static class SpeechMetrics
{
    private static readonly double[] LatencyBuckets = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 5, 10];

    /// <summary>End of speech → first synthesized audio of a phrase in a language.</summary>
    public static readonly Histogram TranslateLatency = Prometheus.Metrics.CreateHistogram(
        "speech_translate_latency_seconds", "End of speech to first synthesized audio, per language.",
        new HistogramConfiguration { LabelNames = ["language"], Buckets = LatencyBuckets });

    /// <summary>Per stage: endpointing, asr_finalization, mt, tts_first_chunk.</summary>
    public static readonly Histogram StageLatency = Prometheus.Metrics.CreateHistogram(
        "speech_stage_latency_seconds", "Time spent per pipeline stage for one phrase and language.",
        new HistogramConfiguration { LabelNames = ["stage", "language"], Buckets = LatencyBuckets });

    public static readonly Counter PhrasesDropped = Prometheus.Metrics.CreateCounter(
        "speech_phrases_dropped_total", "Phrases a language dropped because it fell too far behind.",
        new CounterConfiguration { LabelNames = ["language"] });

    public static readonly Counter StageErrors = Prometheus.Metrics.CreateCounter(
        "speech_stage_errors_total", "Phrases a stage failed on (the phrase is skipped, the session goes on).",
        new CounterConfiguration { LabelNames = ["stage", "language"] });

    /// <summary>Phrases whose SSML the engine refused, said as plain text instead (labelled by the SSML dialect).</summary>
    public static readonly Counter SsmlFallbacks = Prometheus.Metrics.CreateCounter(
        "speech_ssml_fallbacks_total", "Phrases whose SSML the TTS engine refused; they were spoken as plain text.",
        new CounterConfiguration { LabelNames = ["language", "dialect"] });

    public static readonly Counter IngestDropped = Prometheus.Metrics.CreateCounter(
        "speech_ingest_dropped_samples_total", "Speaker samples dropped because recognition fell behind.");
}
