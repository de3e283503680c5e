using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Ssml;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.TestSupport.Speech;

/// <summary>What a synthesizer was asked to say (plain text or SSML) and the audio it made, in call order.</summary>
public sealed record SynthesizedPhrase(string Language, bool Ssml, string Input, short[] Samples, int SampleRate);

/// <summary>Passes every call to a real synthesizer and keeps what it was asked and what it made.</summary>
public sealed class RecordingSynthesizer(ISsmlSynthesizer inner) : ISsmlSynthesizer
{
    private readonly ConcurrentQueue<SynthesizedPhrase> _phrases = new();

    public IReadOnlyCollection<string> Languages => inner.Languages;

    public IReadOnlyList<SynthesizedPhrase> Phrases => [.. _phrases];

    public SsmlDialect DialectFor(string language, string? voice) => inner.DialectFor(language, voice);

    public IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice, CancellationToken cancellationToken) =>
        RecordAsync(inner.SynthesizeAsync(text, language, voice, cancellationToken), language, false, text, cancellationToken);

    public IAsyncEnumerable<PcmChunk> SynthesizeSsmlAsync(IReadOnlyList<string> documents, string language, string? voice,
        CancellationToken cancellationToken) =>
        RecordAsync(inner.SynthesizeSsmlAsync(documents, language, voice, cancellationToken), language, true, string.Join('\n', documents),
            cancellationToken);

    private async IAsyncEnumerable<PcmChunk> RecordAsync(IAsyncEnumerable<PcmChunk> chunks, string language, bool ssml, string input,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var samples = new List<short>();
        var rate = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            samples.AddRange(chunk.Samples.Span);
            rate = chunk.SampleRate;
            yield return chunk;
        }

        _phrases.Enqueue(new SynthesizedPhrase(language, ssml, input, [.. samples], rate));
    }
}
