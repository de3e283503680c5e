using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Archive;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.WebRtc.Peer;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>A real worker session with an archive: speaker over WebRTC, embedded engines, then Stop.</summary>
[Collection(SessionCollection.Name)]
public sealed class ArchivedSessionTests(SessionFixture world) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("archived-session-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task After_stop_the_archive_holds_the_talk_and_the_captions_listeners_saw_and_status_says_complete()
    {
        Skip.IfNot(SpokenAudio.Available && BroadcastOperator.Speech.Engines.Local.EngineCatalog.DiscoverInstalled().Serves("en", "es"),
            "espeak-ng, sox or apertium-eng-spa is not installed");
        Assert.Null(await OpusTools.EnsureInstalledAsync());
        var session = await world.NewSessionAsync("en", ["es"]);
        var directory = Path.Combine(_root, session.SessionNamespace, session.SessionName);
        var settings = session with
        {
            Archive = new ArchiveSettings { Directory = directory, SourceAudio = true, TranslatedAudio = true, SpeakerId = "alice" },
        };
        var captions = new CaptionHub();
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, captions, new WorkerMetrics(), NullLoggerFactory.Instance);
        using var subscription = captions.Subscribe();
        await worker.StartAsync(CancellationToken.None);
        var stopped = false;
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            await using var speaker = new TestSpeaker(world, settings.SourceChannel);
            await speaker.StartAsync();
            await Eventually.TrueAsync(() => speaker.Connected, "speaker connected", Within);

            var frames = await SpokenAudio.OpusFramesAsync("the house is very big", TimeSpan.FromSeconds(1));
            await speaker.SpeakAsync(frames);

            // What a listener's caption view shows: the final Spanish caption.
            CaptionEvent? spanish = null;
            using (var timeout = new CancellationTokenSource(Within))
            {
                await foreach (var caption in subscription.Reader.ReadAllAsync(timeout.Token))
                {
                    if (caption is { IsFinal: true, IsSourceLanguage: false, Language: "es" })
                    {
                        spanish = caption;
                        break;
                    }
                }
            }
            Assert.NotNull(spanish);

            await worker.StopAsync(CancellationToken.None);
            stopped = true;

            var manifest = ArchiveManifest.TryRead(directory);
            Assert.True(manifest is { Complete: true }, "the manifest says complete after stop");
            var talk = frames.Count * 0.020;
            var (_, length) = await OpusTools.InspectAsync(Path.Combine(directory, "audio-en.opus"));
            Assert.InRange(length.TotalSeconds, talk - 1, talk + 1);
            var (_, spanishAudio) = await OpusTools.InspectAsync(Path.Combine(directory, "audio-es.opus"));
            Assert.True(spanishAudio.TotalSeconds > 0.5, $"the Spanish track holds the synthesized phrase ({spanishAudio})");

            var vtt = await File.ReadAllTextAsync(Path.Combine(directory, "captions-es.vtt"));
            Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
            Assert.Contains(spanish!.Text.Replace("&", "&amp;", StringComparison.Ordinal), vtt, StringComparison.Ordinal);

            var status = (await world.ReadSessionAsync(settings)).Status?.Archive;
            Assert.True(status is { Complete: true }, "status.archive says complete");
            Assert.Contains(status!.Files!, f => f.Name == "audio-en.opus" && f.DurationSeconds > talk - 1);
        }
        finally
        {
            if (!stopped)
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }
    }
}
