using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Tests.Support;
using BroadcastOperator.TestSupport.Speech;
using Xunit.Abstractions;

namespace BroadcastOperator.Speech.Tests.Expression;

/// <summary>
/// The speaker's expression carried through the real pipeline (pocketsphinx, apertium, espeak-ng): espeak-ng stands in
/// for the speaker, and the Spanish speech is measured as the speaker was.
/// </summary>
[Collection(LocalEnginesCollection.Name)]
public sealed class ExpressionRoundTripTests(LocalEnginesFixture engines, ITestOutputHelper output)
{
    private const string Sentence = "the next train to the city leaves from platform four";

    [SkippableFact]
    public async Task Slow_quiet_low_and_fast_loud_high_speech_come_out_slower_quieter_lower_and_faster_louder_higher()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var slow = await RunAsync(Sentence, SpeakerStyle.SlowQuietLow, new ExpressionOptions());
        var fast = await RunAsync(Sentence, SpeakerStyle.FastLoudHigh, new ExpressionOptions());

        // The stand-in speaker really differs (the same words, so rate is compared by time)...
        var source = ProsodyComparison.Of(fast.Source, slow.Source);
        output.WriteLine($"source fast against slow: {source}");
        Assert.True(source is { RateRatio: > 1.2, LoudnessDeltaDb: > 6, F0Ratio: > 1.1 }, source.ToString());
        // ... and the translations differ the same way: what expression did to the fast phrase against the slow one's,
        // each against the flat voice saying the same words (the recognizer may hear the two takes differently).
        var translated = fast.OutputEffect!.Against(slow.OutputEffect!);
        output.WriteLine($"output fast against slow: {translated} (fast {fast.OutputEffect}, slow {slow.OutputEffect})");
        Assert.True(translated.RateRatio > 1.1, translated.ToString());
        Assert.True(translated.LoudnessDeltaDb > 3, translated.ToString());
        Assert.True(translated.F0Ratio > 1.05, translated.ToString());
        Assert.True(fast.Output!.Ssml && slow.Output!.Ssml);
    }

    [SkippableFact]
    public async Task A_question_is_labelled_and_its_Spanish_speech_is_asked_for_with_a_final_rise()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        const string question = "is this the right room for you"; // said with a rise on the last word

        var carried = await RunAsync(question, SpeakerStyle.Usual, new ExpressionOptions(), finalRise: "+100%");
        var flat = await RunAsync(question, SpeakerStyle.Usual, new ExpressionOptions { Enabled = false }, finalRise: "+100%");

        Assert.Equal(ExpressionLabel.Question, carried.Expression!.Label);
        Assert.Contains("?</prosody>", carried.Output!.Input, StringComparison.Ordinal);
        var rise = FinalPitchRise.Measure(carried.Output.Samples, carried.Output.SampleRate);
        var plain = FinalPitchRise.Measure(flat.Output!.Samples, flat.Output.SampleRate);
        // The recognizer's state carries over from the phrases it decoded before (it is shared by the collection), so the
        // two takes, and runs with other tests before them, are heard as different words; the Spanish words then set the
        // end's pitch as much as the SSML does (+5.2 st in one run, +0.7 st in another). The rise is measured against the
        // flat voice saying the same Spanish words.
        var sameWords = new List<short>();
        await foreach (var chunk in engines.Synthesizer!.SynthesizeAsync(carried.Translation!, ExpressionRoundTrip.Target, null, CancellationToken.None))
        {
            sameWords.AddRange(chunk.Samples.Span);
        }

        var sameWordsFlat = FinalPitchRise.Measure(sameWords.ToArray(), EspeakSynthesizer.SampleRate);
        output.WriteLine(FormattableString.Invariant(
            $"Spanish end against body: {rise:+0.0;-0.0} st with expression, {sameWordsFlat:+0.0;-0.0} st for the same words flat ('{carried.Translation}'), {plain:+0.0;-0.0} st for the flat take ('{flat.Translation}')"));
        Assert.True(rise - sameWordsFlat >= 2, FormattableString.Invariant($"the question's end rises {rise - sameWordsFlat:0.0} st above the flat voice's for the same words"));
    }

    private async Task<ExpressionTake> RunAsync(string sentence, SpeakerStyle style, ExpressionOptions options, string? finalRise = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var take = await ExpressionRoundTrip.RunAsync(engines.Recognizer!, engines.Translator, engines.Synthesizer!, sentence, style, options,
            finalRise: finalRise, cancellationToken: timeout.Token);
        output.WriteLine($"{style.Name}: source {Describe(take.Source)}; expression {take.Expression}; '{take.Translation}' -> {(take.OutputProsody is { } p ? Describe(p) : "nothing")}");
        output.WriteLine($"  said as {take.Output?.Input}");
        Assert.NotNull(take.OutputProsody);
        return take;
    }

    private static string Describe(PhraseProsody p) =>
        FormattableString.Invariant($"{p.SyllablesPerSecond:0.00} syl/s, {p.LoudnessDbfs:0.0} dBFS, F0 {p.F0Hz:0} Hz, final slope {p.FinalSlopeSemitonesPerSecond:0.0} st/s");
}
