using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Tests.Support;
using Xunit.Abstractions;

namespace BroadcastOperator.Speech.Tests.Pipeline;

[Collection(LocalEnginesCollection.Name)]
public class RoundTripTests(LocalEnginesFixture engines, ITestOutputHelper output)
{
    // English content word → its Spanish rendering → what apertium spa-eng gives back for it.
    private static readonly (string English, string Spanish, string Back)[] ContentWords =
    [
        ("weather", "tiempo", "time"), ("garden", "jardín", "garden"), ("price", "precio", "price"),
        ("water", "agua", "water"), ("children", "niños", "boys"),
    ];

    [SkippableFact]
    public async Task English_speech_comes_out_as_spanish_speech_that_keeps_the_meaning()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        // pocketsphinx adapts its cepstral mean to the voice over the first phrase; greet first, as a speaker would.
        var greeting = await engines.SpeakAt16kAsync("hello everybody and welcome", "en-us");
        var first = await engines.SpeakAt16kAsync("the weather is good today and the children are playing in the garden", "en-us");
        var second = await engines.SpeakAt16kAsync("what is the price of the water", "en-us");
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] };

        var result = await PipelineRunner.RunAsync(options, engines.Engines, Signals.Concat(greeting, first, second), TimeSpan.FromMinutes(5));

        var english = result.FinalText("en");
        var spanish = result.FinalText("es");
        var back = await engines.Translator.TranslateAsync(spanish, new LanguagePair("es", "en"), CancellationToken.None);
        var heard = ContentWords.Where(w => WordErrorRate.Words(english).Contains(w.English)).ToArray();
        output.WriteLine($"asr:  {english}\nmt:   {spanish}\nback: {back}\nheard: {string.Join(",", heard.Select(h => h.English))}");
        Assert.True(heard.Length >= 2, $"recognized too few content words in '{english}'");
        // A misheard neighbour can change how one word is translated ("on water" → "abreva"); the rest must survive.
        var kept = heard.Where(w => spanish.Contains(w.Spanish, StringComparison.OrdinalIgnoreCase)
            && back.Contains(w.Back, StringComparison.OrdinalIgnoreCase)).ToArray();
        output.WriteLine($"kept through es and back: {string.Join(",", kept.Select(k => k.English))}");
        Assert.True(kept.Length >= Math.Max(2, heard.Length - 1), $"the Spanish '{spanish}' lost the meaning (back: '{back}')");

        var spanishFinals = result.Finals("es").Select(c => c.PhraseId).ToArray();
        Assert.Equal(spanishFinals.Order(), spanishFinals);
        Assert.Equal(spanishFinals.Length, result.Latencies.Count(l => l.Language == "es"));
        Assert.All(result.Latencies, l => Assert.True(l.Translation > TimeSpan.Zero && l.SynthesisFirstChunk > TimeSpan.Zero));
        Assert.True(result.Pipeline.Outputs["es"].Queue.QueuedSamples > 48000, "a second or more of Spanish audio is queued for listeners");
    }
}
