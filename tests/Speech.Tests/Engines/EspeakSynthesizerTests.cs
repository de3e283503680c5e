using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Engines;

[Collection(LocalEnginesCollection.Name)]
public class EspeakSynthesizerTests(LocalEnginesFixture engines)
{
    [SkippableFact]
    public async Task Speech_arrives_in_several_chunks_at_the_engine_rate()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var chunks = new List<PcmChunk>();
        await foreach (var chunk in engines.Synthesizer!.SynthesizeAsync("hola, buenos días a todos los oyentes", "es", null, CancellationToken.None))
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count > 3, "audio must stream in chunks, not arrive as one block at the end");
        Assert.All(chunks, c => Assert.Equal(22050, c.SampleRate));
        var total = TimeSpan.FromTicks(chunks.Sum(c => c.Duration.Ticks));
        Assert.InRange(total.TotalSeconds, 1, 6);
        Assert.True(chunks.Max(c => VoiceActivityDetector.LevelDbfs(c.Samples.Span)) > -30, "the chunks must carry audible speech");
    }

    [SkippableFact]
    public async Task Concurrent_requests_for_different_languages_each_get_their_own_voice()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var spanish = Collect("es", "uno dos tres");
        var catalan = Collect("ca", "un dos tres");
        var english = Collect("en", "one two three");
        var results = await Task.WhenAll(spanish, catalan, english);

        Assert.All(results, r => Assert.True(r.Length > 22050 / 2));
        Assert.NotEqual(results[0], results[1]);
    }

    [SkippableFact]
    public async Task An_unknown_voice_is_a_clear_error()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var error = await Assert.ThrowsAsync<UnservedLanguageException>(() => Collect("xx-nonexistent", "hello"));
        Assert.Contains("xx-nonexistent", error.Message);

        Assert.True((await Collect("en", "still working")).Length > 0, "the engine stays usable after the error");
    }

    [SkippableFact]
    public async Task A_reader_that_stops_early_does_not_block_the_next_synthesis()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        await foreach (var _ in engines.Synthesizer!.SynthesizeAsync(string.Join(' ', Enumerable.Repeat("a long sentence", 80)), "en", null, CancellationToken.None))
        {
            break;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True((await Collect("en", "next one", deadline.Token)).Length > 0);
    }

    [SkippableFact]
    public async Task A_second_language_is_heard_before_a_long_phrase_of_another_has_finished_rendering()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        var longSpanish = string.Join(' ', Enumerable.Repeat("el tren de la mañana llega tarde", 12));
        var spanishChunks = 0;
        var spanishFinished = false;
        var spanish = Task.Run(async () =>
        {
            await foreach (var _ in engines.Synthesizer!.SynthesizeAsync(longSpanish, "es", null, CancellationToken.None))
            {
                Interlocked.Increment(ref spanishChunks);
            }

            Volatile.Write(ref spanishFinished, true);
        });
        // Polls every 5 ms, not Eventually's 20: the Spanish phrase may finish rendering within a few of its chunks, and
        // the Catalan request must go in while it is still rendering.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Volatile.Read(ref spanishChunks) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        var catalanStartedWhileSpanishRendered = false;
        await foreach (var _ in engines.Synthesizer!.SynthesizeAsync("un dos tres", "ca", null, CancellationToken.None))
        {
            catalanStartedWhileSpanishRendered = !Volatile.Read(ref spanishFinished);
            break;
        }

        await spanish.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(catalanStartedWhileSpanishRendered, "Catalan must get the engine between two parts of the Spanish phrase");
    }

    private async Task<short[]> Collect(string language, string text, CancellationToken cancellationToken = default)
    {
        var samples = new List<short>();
        await foreach (var chunk in engines.Synthesizer!.SynthesizeAsync(text, language, null, cancellationToken))
        {
            samples.AddRange(chunk.Samples.ToArray());
        }

        return [.. samples];
    }
}
