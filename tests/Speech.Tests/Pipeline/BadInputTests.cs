using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Tests.Support;
using Xunit.Abstractions;

namespace BroadcastOperator.Speech.Tests.Pipeline;

[Collection(LocalEnginesCollection.Name)]
public class BadInputTests(LocalEnginesFixture engines, ITestOutputHelper output)
{
    private static readonly SpeechPipelineOptions ToSpanish = new() { SourceLanguage = "en", TargetLanguages = ["es"] };

    [SkippableFact]
    public async Task Silence_produces_no_phrase_and_no_audio()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var result = await PipelineRunner.RunAsync(ToSpanish, engines.Engines, Signals.Silence(TimeSpan.FromSeconds(5)), TimeSpan.FromMinutes(5));

        Assert.Equal(0, result.Pipeline.Phrases);
        Assert.Empty(result.Captions);
        Assert.Equal(0, result.Pipeline.Outputs["es"].Queue.QueuedSamples);
    }

    [SkippableFact]
    public async Task Clipped_speech_is_still_recognized_and_translated()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        var speech = await engines.SpeakAt16kAsync("what is the price of the water", "en-us");
        var clipped = Signals.Amplify(speech, 40); // most samples pinned at full scale

        var result = await PipelineRunner.RunAsync(ToSpanish, engines.Engines, clipped, TimeSpan.FromMinutes(5));

        output.WriteLine($"clipped: '{result.FinalText("en")}' -> '{result.FinalText("es")}'");
        Assert.True(result.Pipeline.Phrases >= 1);
        Assert.NotEmpty(result.Finals("en"));
    }

    [SkippableFact]
    public async Task Steady_noise_ends_as_bounded_phrases_without_a_crash()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        var noise = Signals.WhiteNoise(TimeSpan.FromSeconds(12), 6000);
        var options = ToSpanish with { Segmenter = new BroadcastOperator.Speech.Audio.SegmenterOptions { MaxPhraseLength = TimeSpan.FromSeconds(5) } };

        var result = await PipelineRunner.RunAsync(options, engines.Engines, noise, TimeSpan.FromMinutes(5));

        output.WriteLine($"noise: {result.Pipeline.Phrases} phrases: '{result.FinalText("en")}'");
        Assert.InRange(result.Pipeline.Phrases, 1, 3); // 12 s of noise can be at most three 5-second phrases
        Assert.Equal(0, result.Pipeline.DroppedSamples);
    }
}
