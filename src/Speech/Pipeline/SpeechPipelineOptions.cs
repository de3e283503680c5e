using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>One session's speech settings (from the BroadcastSession spec) and the pipeline's bounds.</summary>
public sealed record SpeechPipelineOptions
{
    public required string SourceLanguage { get; init; }

    /// <summary>Languages to translate into; the source language itself is forwarded by the caller, not here.</summary>
    public required IReadOnlyList<string> TargetLanguages { get; init; }

    /// <summary>Optional TTS voice per language (spec.voices), passed to the synthesizer as is.</summary>
    public IReadOnlyDictionary<string, string> Voices { get; init; } = new Dictionary<string, string>();

    public SegmenterOptions Segmenter { get; init; } = new();

    /// <summary>Thresholds and hysteresis of the speaker's audio checks.</summary>
    public AudioQualityOptions Quality { get; init; } = new();

    /// <summary>Whether and how strongly the speaker's expression is carried into the translated speech (spec.expression).</summary>
    public ExpressionOptions Expression { get; init; } = new();

    /// <summary>Phrases a language may have waiting; beyond it the oldest waiting phrase is dropped (and counted).</summary>
    public int PhrasesQueuedPerLanguage { get; init; } = 8;

    /// <summary>Synthesized audio a language may buffer ahead of its listeners.</summary>
    public TimeSpan AudioQueuedPerLanguage { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Speaker audio (16 kHz) buffered ahead of recognition before new audio is dropped.</summary>
    public TimeSpan IngestBuffer { get; init; } = TimeSpan.FromSeconds(10);

    public int OpusBitrate { get; init; } = 32000;
}
