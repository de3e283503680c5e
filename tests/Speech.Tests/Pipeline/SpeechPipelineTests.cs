using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Tests.Support;
using BroadcastOperator.TestSupport;

namespace BroadcastOperator.Speech.Tests.Pipeline;

public class SpeechPipelineTests
{
    private static readonly short[] FivePhrases = Signals.Concat(Enumerable.Range(0, 5)
        .SelectMany(_ => new[] { Signals.UnbrokenSpeechLike(TimeSpan.FromMilliseconds(400)), Signals.Silence(TimeSpan.FromMilliseconds(600)) })
        .ToArray());

    [Fact]
    public async Task Each_language_gets_every_phrase_in_order()
    {
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator(), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es", "ca"] };

        var result = await PipelineRunner.RunAsync(options, engines, FivePhrases, TimeSpan.FromSeconds(20));

        foreach (var language in new[] { "es", "ca" })
        {
            var texts = result.Finals(language).Select(c => c.Text).ToArray();
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"[{language}] phrase {i}"), texts);
        }

        Assert.Equal(10, result.Latencies.Count);
    }

    [Fact]
    public async Task A_slow_language_does_not_hold_up_another()
    {
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator("ca", TimeSpan.FromSeconds(30)), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es", "ca"] };
        await using var pipeline = new SpeechPipeline(options, engines);
        pipeline.Start();

        await pipeline.WritePcm16kAsync(FivePhrases);

        var spanish = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var caption in pipeline.Captions.ReadAllAsync(deadline.Token))
        {
            Assert.NotEqual("ca", caption.Language);
            if (caption.Language == "es")
            {
                spanish.Add(caption.Text);
            }

            if (spanish.Count == 5)
            {
                break;
            }
        }

        Assert.Equal("[es] phrase 5", spanish[^1]);
    }

    [Fact]
    public async Task A_language_far_behind_drops_its_oldest_phrases_instead_of_growing()
    {
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator("ca", TimeSpan.FromSeconds(30)), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["ca"], PhrasesQueuedPerLanguage = 2 };
        await using var pipeline = new SpeechPipeline(options, engines);
        pipeline.Start();

        await pipeline.WritePcm16kAsync(FivePhrases);

        await Eventually.TrueAsync(() => pipeline.DroppedPhrases("ca") >= 2, "the language far behind dropped two phrases", TimeSpan.FromSeconds(10));

        // Phrase 1 is being translated (or, if the worker had not taken it yet, dropped too); 2 wait; the rest are dropped.
        Assert.InRange(pipeline.DroppedPhrases("ca"), 2, 3);
    }

    [Fact]
    public async Task Opus_packets_from_the_speaker_are_decoded_and_recognized()
    {
        var recognizer = new CountingRecognizer();
        var engines = new SpeechEngines(recognizer, new TaggingTranslator(), new ToneSynthesizer());
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] }, engines);
        pipeline.Start();
        var encoder = new OpusFrameEncoder();
        var resampler = new PolyphaseResampler(16000, 48000);
        var audio48k = new short[resampler.MaxOutputFor(FivePhrases.Length)];
        var length = resampler.Process(FivePhrases, audio48k);
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];

        for (var i = 0; i + OpusFrameEncoder.FrameSamples <= length; i += OpusFrameEncoder.FrameSamples)
        {
            var size = encoder.Encode(audio48k.AsSpan(i, OpusFrameEncoder.FrameSamples), packet);
            Assert.True(pipeline.PushOpus(packet.AsSpan(0, size)));
        }

        Assert.False(pipeline.PushOpus([0xFF, 0xFF, 0xFF]), "garbage is refused, not decoded");
        await pipeline.CompleteAsync();
        Assert.Equal(5, pipeline.Phrases);
    }

    [Fact]
    public async Task Listeners_get_a_packet_every_20_ms_with_silence_between_phrases()
    {
        var engines = new SpeechEngines(new CountingRecognizer(), new TaggingTranslator(), new ToneSynthesizer());
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es", "fr"] }, engines);
        pipeline.Outputs["es"].Listeners = 1;
        pipeline.Outputs["fr"].Listeners = 1;
        pipeline.Outputs["es"].Queue.Append(Enumerable.Repeat((short)3000, 4800).ToArray(), 48000); // 100 ms of speech queued
        var frames = new List<(string Language, bool Speech, int Bytes)>();
        using var stop = new CancellationTokenSource();

        var clock = pipeline.RunFrameClockAsync((language, packet, speech) =>
        {
            lock (frames)
            {
                frames.Add((language, speech, packet.Length));
                if (frames.Count == 20)
                {
                    stop.Cancel();
                }
            }
        }, stop.Token);
        await clock.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, frames.Count(f => f.Language == "es"));
        Assert.Equal(10, frames.Count(f => f.Language == "fr"));
        Assert.Equal(5, frames.Count(f => f.Language == "es" && f.Speech));
        Assert.All(frames, f => Assert.InRange(f.Bytes, 1, OpusFrameEncoder.MaxPacketBytes));
    }

    [Fact]
    public async Task A_recognizer_failure_costs_one_phrase_not_the_session()
    {
        var engines = new SpeechEngines(new FlakyRecognizer(2, 3), new TaggingTranslator(), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] };

        var result = await PipelineRunner.RunAsync(options, engines, FivePhrases, TimeSpan.FromSeconds(20));

        Assert.Equal(["[es] phrase 1", "[es] phrase 4", "[es] phrase 5"], result.Finals("es").Select(c => c.Text));
    }

    [Fact]
    public async Task A_silent_speaker_wakes_recognition_about_once_a_second_and_a_phrase_after_it_ends_on_time()
    {
        var recognizer = new CountingRecognizer();
        var engines = new SpeechEngines(recognizer, new TaggingTranslator(), new ToneSynthesizer());
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] }, engines);
        pipeline.Start();

        PushIn20MsPackets(pipeline, Signals.Silence(TimeSpan.FromSeconds(10)));
        Assert.InRange(pipeline.AudioBlocksQueued, 1, 15 + 10); // the first 290 ms one by one, then a block a second; not 500

        // Speech, then silence pushed as a speaker sends it: the phrase closes on the silence, nothing held back delays it.
        var queuedBefore = pipeline.AudioBlocksQueued;
        PushIn20MsPackets(pipeline, Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(1)));
        PushIn20MsPackets(pipeline, Signals.Silence(TimeSpan.FromMilliseconds(400)));
        // The quiet audio held before the speech, every speech packet, and the silence after it up to the hangover and a frame.
        Assert.Equal(1 + 50 + 15, pipeline.AudioBlocksQueued - queuedBefore);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var final = await pipeline.Captions.ReadAllAsync(deadline.Token).FirstAsync(c => c.IsFinal && c.Language == "en", deadline.Token);
        Assert.Equal("phrase 1", final.Text);
        Assert.InRange(final.End.TotalSeconds, 11.2, 11.4); // the hangover after the speech, on the stream's clock
        Assert.Equal(0, pipeline.DroppedSamples);
    }

    private static void PushIn20MsPackets(SpeechPipeline pipeline, short[] audio)
    {
        for (var i = 0; i < audio.Length; i += 320)
        {
            Assert.True(pipeline.PushPcm16k(audio.AsSpan(i, Math.Min(320, audio.Length - i))));
        }
    }

    [Fact]
    public void Unserved_pairs_are_refused_naming_the_served_ones()
    {
        var catalog = new EngineCatalog(
            ["en"], [new LanguagePair("en", "es"), new LanguagePair("en", "ca"), new LanguagePair("es", "en"), new LanguagePair("en", "de")], ["es", "ca", "en"]);

        var error = Assert.Throws<UnservedLanguageException>(() => catalog.EnsureServed("en", ["es", "ja"]));

        Assert.Contains("en->ja", error.Message);
        Assert.Contains("Served pairs: en->ca, en->es.", error.Message);
        Assert.DoesNotContain("en->de", error.Message); // translated, but nobody speaks German here
        catalog.EnsureServed("en", ["en", "es", "ca"]); // the source itself is forwarded, always served
    }
}

// GC.GetTotalMemory counts the whole process: this test runs alone, after the parallel ones, so the
// allocations of other tests cannot be taken for growth of the pipeline.
[Collection(MemoryMeasurementCollection.Name)]
public class SpeechPipelineMemoryTests
{
    [Fact]
    public async Task A_minute_without_a_pause_is_translated_in_maximum_length_pieces_with_bounded_memory()
    {
        var recognizer = new CountingRecognizer();
        var engines = new SpeechEngines(recognizer, new TaggingTranslator(), new ToneSynthesizer());
        var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = ["es"] };
        var minute = Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(60));
        GC.Collect();
        var before = GC.GetTotalMemory(true);

        var result = await PipelineRunner.RunAsync(options, engines, minute, TimeSpan.FromSeconds(30));

        Assert.Equal(4, result.Pipeline.Phrases); // cut at 15, 30 and 45 s; the last closes with the stream
        Assert.Equal(["[es] phrase 1", "[es] phrase 2", "[es] phrase 3", "[es] phrase 4"], result.Finals("es").Select(c => c.Text));
        Assert.InRange(recognizer.SamplesReceived, minute.Length - 3200, minute.Length + 16000); // all audio reached the recognizer once (pre-roll overlap aside)
        var grown = GC.GetTotalMemory(true) - before;
        Assert.True(grown < 8 * 1024 * 1024, $"memory grew by {grown / 1024} KB for a one-minute phrase");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "process-wide memory measurements";
}
