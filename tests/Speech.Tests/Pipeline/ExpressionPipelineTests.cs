using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Pipeline;

public sealed class ExpressionPipelineTests
{
    [Fact]
    public async Task Every_final_caption_carries_the_phrases_expression_and_the_speakers_audio_is_reported_per_window()
    {
        var phrase = Signals.Concat(Signals.GlottalPulses(150, TimeSpan.FromMilliseconds(900)), Signals.Silence(TimeSpan.FromMilliseconds(700)));
        var audio = Signals.Concat(phrase, phrase, phrase);
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator(), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] };

        var result = await PipelineRunner.RunAsync(options, engines, audio, TimeSpan.FromSeconds(20));

        var finals = result.Captions.Where(c => c.IsFinal).ToList();
        Assert.Equal(6, finals.Count); // three phrases, source and Spanish
        Assert.All(finals, c =>
        {
            Assert.NotNull(c.Expression);
            Assert.InRange(c.Expression!.Prosody.F0Hz!.Value, 150 * 0.95, 150 * 1.05);
        });
        Assert.All(finals.Where(c => c.IsSourceLanguage), c => Assert.InRange(c.Quality!.SpeechDbfs!.Value, -20, -5));

        var reports = new List<BroadcastOperator.Speech.Quality.AudioQualityReport>();
        while (result.Pipeline.Quality.TryRead(out var report))
        {
            reports.Add(report);
        }
        Assert.Equal(4, reports.Count); // 4.8 s of audio in 1 s windows
        Assert.All(reports, r => Assert.True(r.Verdict.IsGood, r.ToString()));
    }
}
