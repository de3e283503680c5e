using System.Runtime.CompilerServices;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Tests.Pipeline;

/// <summary>Recognizer whose final text is the phrase number, so order and fan-out can be checked exactly.</summary>
internal sealed class CountingRecognizer : ISpeechRecognizer
{
    private PhraseId _phrase;
    private TimeSpan _start;

    public string Language => "en";

    public long SamplesReceived { get; private set; }

    public ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken)
    {
        _phrase = phrase;
        _start = start;
        return ValueTask.CompletedTask;
    }

    public ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken)
    {
        SamplesReceived += samples16k.Length;
        return ValueTask.FromResult<RecognizedSegment?>(null);
    }

    public ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new RecognizedSegment(_phrase, Language, $"phrase {_phrase}", true, _start, end));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Translator that tags the text with the target and can be made slow for one language.</summary>
internal sealed class TaggingTranslator(string? slowLanguage = null, TimeSpan slowness = default) : ITranslator
{
    public IReadOnlyCollection<LanguagePair> Pairs => [new("en", "es"), new("en", "ca"), new("en", "fr")];

    public async Task<string> TranslateAsync(string text, LanguagePair pair, CancellationToken cancellationToken)
    {
        if (pair.Target == slowLanguage)
        {
            await Task.Delay(slowness, cancellationToken);
        }

        return $"[{pair.Target}] {text}";
    }
}

/// <summary>Synthesizer that yields 100 ms of a constant tone per call in two chunks.</summary>
internal sealed class ToneSynthesizer : ISpeechSynthesizer
{
    public IReadOnlyCollection<string> Languages => ["es", "ca", "fr"];

    public async IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new PcmChunk(Enumerable.Repeat((short)1000, 800).ToArray(), 16000);
        yield return new PcmChunk(Enumerable.Repeat((short)1000, 800).ToArray(), 16000);
    }
}

/// <summary>Recognizer that fails on the phrases whose number is listed, like a cloud stream dropping.</summary>
internal sealed class FlakyRecognizer(params long[] failingPhrases) : ISpeechRecognizer
{
    private readonly CountingRecognizer _inner = new();
    private PhraseId _phrase;

    public string Language => "en";

    public ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken)
    {
        _phrase = phrase;
        return _inner.StartPhraseAsync(phrase, start, cancellationToken);
    }

    public ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken) =>
        failingPhrases.Contains(_phrase.Value) ? throw new InvalidOperationException("stream reset") : _inner.AcceptAudioAsync(samples16k, cancellationToken);

    public ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken) =>
        _inner.EndPhraseAsync(end, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
