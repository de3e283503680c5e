using System.Runtime.CompilerServices;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Ssml;
using BroadcastOperator.Speech.Stages;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Pipeline;

public sealed class SsmlFallbackTests
{
    private static short[] ThreePhrases()
    {
        var phrase = Signals.Concat(Signals.Syllables(-20, TimeSpan.FromMilliseconds(1500)), Signals.Silence(TimeSpan.FromMilliseconds(700)));
        return Signals.Concat(phrase, phrase, phrase);
    }

    [Fact]
    public async Task A_phrase_whose_SSML_the_engine_refuses_is_spoken_as_plain_text_and_counted()
    {
        var synthesizer = new RefusingSsmlSynthesizer();
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator(), synthesizer);
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] };

        var result = await PipelineRunner.RunAsync(options, engines, ThreePhrases(), TimeSpan.FromSeconds(20));

        Assert.Equal(3, result.Latencies.Count(l => l.Language == "es")); // every phrase was heard
        Assert.Equal(3, synthesizer.SsmlAttempts);
        Assert.Equal(3, synthesizer.PlainTexts);
        Assert.Equal(3, result.Pipeline.SsmlFallbacks("es"));
        Assert.All(synthesizer.Documents, d => Assert.StartsWith("<speak><prosody rate=", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_expression_disabled_no_SSML_is_written_and_the_voice_stays_flat()
    {
        var synthesizer = new RefusingSsmlSynthesizer();
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator(), synthesizer);
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"], Expression = new ExpressionOptions { Enabled = false } };

        var result = await PipelineRunner.RunAsync(options, engines, ThreePhrases(), TimeSpan.FromSeconds(20));

        Assert.Equal(3, synthesizer.PlainTexts);
        Assert.Equal(0, synthesizer.SsmlAttempts);
        Assert.Equal(0, result.Pipeline.SsmlFallbacks("es"));
    }

    /// <summary>Refuses every SSML document before any audio, as Polly answers a tag its voice lacks with 400.</summary>
    private sealed class RefusingSsmlSynthesizer : ISsmlSynthesizer
    {
        private int _ssml;
        private int _plain;

        public IReadOnlyCollection<string> Languages => ["es"];

        public int SsmlAttempts => _ssml;

        public int PlainTexts => _plain;

        public List<string> Documents { get; } = [];

        public SsmlDialect DialectFor(string language, string? voice) => SsmlDialect.PollyNeural;

        public async IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _plain);
            await Task.Yield();
            yield return new PcmChunk(Enumerable.Repeat((short)1000, 1600).ToArray(), 16000);
        }

        public async IAsyncEnumerable<PcmChunk> SynthesizeSsmlAsync(IReadOnlyList<string> documents, string language, string? voice,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ssml);
            lock (Documents)
            {
                Documents.AddRange(documents);
            }

            await Task.Yield();
            throw new InvalidOperationException("InvalidSsmlException: Unsupported Neural feature");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }
}
