using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.WebRtc.Peer;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The translated path with the embedded engines: English speech in, Spanish captions and audio out.</summary>
[Collection(SessionCollection.Name)]
public sealed class TranslatedSessionTests(SessionFixture world)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Spanish_listener_gets_audio_and_spanish_captions_of_the_spoken_words()
    {
        Skip.IfNot(SpokenAudio.Available && BroadcastOperator.Speech.Engines.Local.EngineCatalog.DiscoverInstalled().Serves("en", "es"),
            "espeak-ng, sox or apertium-eng-spa is not installed");
        var settings = await world.NewSessionAsync("en", ["es"]);
        var captions = new CaptionHub();
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, captions, new WorkerMetrics(), NullLoggerFactory.Instance);
        using var subscription = captions.Subscribe();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            await using var speaker = new TestSpeaker(world, settings.SourceChannel);
            await speaker.StartAsync();
            await using var listener = new TestListener(world, settings.LanguageChannels.Single(c => c.Language == "es"), "spanish-listener");
            await listener.StartAsync();
            await Eventually.TrueAsync(() => speaker.Connected && listener.Peer.State == PeerConnectionState.Connected, "speaker and listener connected", Within);

            // Comfort silence keeps the Spanish stream alive before anyone speaks.
            await Eventually.TrueAsync(() => listener.Received.Count > 10, "Spanish stream flowing", Within);

            var frames = await SpokenAudio.OpusFramesAsync("the house is very big", TimeSpan.FromSeconds(1));
            await speaker.SpeakAsync(frames);

            CaptionEvent? spanish = null, english = null;
            var seen = new List<CaptionEvent>();
            using var timeout = new CancellationTokenSource(Within);
            try
            {
                await foreach (var caption in subscription.Reader.ReadAllAsync(timeout.Token))
                {
                    seen.Add(caption);
                    if (caption is { IsFinal: true, IsSourceLanguage: false, Language: "es" })
                    {
                        spanish = caption;
                        break;
                    }
                    if (caption is { IsFinal: true, IsSourceLanguage: true })
                    {
                        english = caption;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            Assert.True(spanish is not null, $"no Spanish final caption; saw: {string.Join(" | ", seen)}; speaker packets sent {frames.Count}, pipeline phrases {worker.Phrases}");
            // What pocketsphinx hears in espeak's voice varies ("big" may come out as "huge"), so the check is that the
            // Spanish caption is the translation of the English one: apertium spa-eng gives back its content words.
            Assert.True(english is not null && english.PhraseId == spanish!.PhraseId, $"no English final before the Spanish one; saw: {string.Join(" | ", seen)}");
            var back = await BackTranslation.ToEnglishAsync(spanish.Text);
            var shared = BackTranslation.ContentWords(english.Text).Intersect(BackTranslation.ContentWords(back)).ToList();
            Assert.True(shared.Count > 0, $"'{spanish.Text}' (back: '{back}') shares no content word with '{english.Text}'");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
