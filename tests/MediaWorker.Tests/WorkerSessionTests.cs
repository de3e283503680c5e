using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.WebRtc.Peer;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>A live session: the worker against the real signaling service and Kubernetes API, with our own WebRTC peers.</summary>
[Collection(SessionCollection.Name)]
public sealed class WorkerSessionTests(SessionFixture world)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private WorkerHost NewWorker(WorkerSettings settings) =>
        new(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, new CaptionHub(), new WorkerMetrics(), NullLoggerFactory.Instance);

    [Fact]
    public async Task Source_language_listener_gets_the_speakers_packets_and_is_counted_in_status()
    {
        var settings = await world.NewSessionAsync("en", ["es"], translate: false);
        var worker = NewWorker(settings);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            await using var speaker = new TestSpeaker(world, settings.SourceChannel);
            await speaker.StartAsync();
            await Eventually.TrueAsync(() => speaker.Connected, "speaker connected to the worker", Within);

            await using (var listener = new TestListener(world, settings.LanguageChannels.Single(c => c.Language == "en"), "listener-1"))
            {
                await listener.StartAsync();
                await Eventually.TrueAsync(() => listener.Peer.State == PeerConnectionState.Connected, "listener connected", Within);

                var sent = new List<byte[]>();
                for (var i = 0; i < 50; i++)
                {
                    var frame = Enumerable.Range(0, 80).Select(b => (byte)(b ^ i)).ToArray();
                    if (speaker.Send(frame))
                    {
                        sent.Add(frame);
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
                await Eventually.TrueAsync(() => listener.Received.Count >= sent.Count * 9 / 10, "listener received the speaker's packets", Within);
                var received = listener.Received.ToList();
                Assert.All(received, payload => Assert.Contains(sent, s => s.AsSpan().SequenceEqual(payload)));
                Assert.Matches("""broadcast_worker_fanout_seconds_count\{language="en"\} [1-9]""", await MetricsTextAsync());

                await Eventually.TrueAsync(async () =>
                {
                    var session = await world.ReadSessionAsync(settings);
                    return session.Status?.ListenerCount == 1 && session.Status.Media?.Listeners?["en"] == 1 && session.Status.Media.SpeakerConnected == true;
                }, "status shows one listener and the speaker", Within);
            }

            // Gone without a goodbye the worker can see: dropped when ICE consent lapses.
            await Eventually.TrueAsync(async () => (await world.ReadSessionAsync(settings)).Status?.ListenerCount == 0, "listener count falls to 0", Within);
            var final = await world.ReadSessionAsync(settings);
            Assert.Null(final.Status?.Phase); // the operator's fields are left alone
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<string> MetricsTextAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    [Fact]
    public async Task Listeners_past_max_listeners_are_refused()
    {
        var settings = await world.NewSessionAsync("en", ["es"], maxListeners: 1, translate: false);
        var worker = NewWorker(settings);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            var channel = settings.LanguageChannels.Single(c => c.Language == "en");
            await using var first = new TestListener(world, channel, "first");
            await first.StartAsync();
            await Eventually.TrueAsync(() => first.Peer.State == PeerConnectionState.Connected, "first listener connected", Within);

            await using var second = new TestListener(world, channel, "second");
            await second.StartAsync();
            await Eventually.TrueAsync(() => second.Refused, "second listener refused", Within);
            Assert.False(second.Answered);
            Assert.Equal(PeerConnectionState.Connected, first.Peer.State);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
