using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.Speech.Tests.Support;

/// <summary>
/// The Debian engines, loaded once for all tests of the collection (the pocketsphinx models take seconds to
/// load). <see cref="Missing"/> says what is absent so tests can skip with a reason on a machine without them.
/// </summary>
public sealed class LocalEnginesFixture : IAsyncLifetime
{
    public PocketSphinxRecognizer? Recognizer { get; private set; }

    public ApertiumTranslator Translator { get; } = new();

    public EspeakSynthesizer? Synthesizer { get; private set; }

    public string? Missing { get; private set; }

    public SpeechEngines Engines => new(Recognizer!, Translator, Synthesizer!);

    public Task InitializeAsync()
    {
        var catalog = EngineCatalog.DiscoverInstalled();
        if (!catalog.RecognizedLanguages.Contains("en"))
        {
            Missing = "pocketsphinx with the en-us model is not installed";
        }
        else if (!catalog.ServedPairs.Contains(new LanguagePair("en", "es")) || !Translator.Pairs.Contains(new LanguagePair("es", "en")))
        {
            Missing = "apertium-eng-spa or espeak-ng is not installed";
        }
        else
        {
            Recognizer = new PocketSphinxRecognizer();
            Synthesizer = new EspeakSynthesizer();
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Recognizer is not null)
        {
            await Recognizer.DisposeAsync();
        }

        await Translator.DisposeAsync();
    }

    /// <summary>Speech by espeak-ng, resampled to 16 kHz, with silence either side.</summary>
    public async Task<short[]> SpeakAt16kAsync(string text, string voice)
    {
        var samples = new List<short>();
        var rate = 0;
        await foreach (var chunk in Synthesizer!.SynthesizeAsync(text, voice, null, CancellationToken.None))
        {
            samples.AddRange(chunk.Samples.ToArray());
            rate = chunk.SampleRate;
        }

        var resampler = new BroadcastOperator.Speech.Audio.PolyphaseResampler(rate, 16000);
        var output = new short[resampler.MaxOutputFor(samples.Count)];
        var n = resampler.Process(samples.ToArray(), output);
        var silence = Signals.Silence(TimeSpan.FromMilliseconds(500));
        return Signals.Concat(silence, output[..n], silence, silence);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalEnginesCollection : ICollectionFixture<LocalEnginesFixture>
{
    public const string Name = "Local speech engines";
}
