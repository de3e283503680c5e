using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.TestSupport.Fuzzing;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>
/// Issue 18 part 8: the worker, master of a language channel on the real signaling service, is sent offers and ICE
/// candidates whose JSON payload has random structure (and whose SDP is junk-edited) by many viewers. Nothing may stop
/// it: afterwards it still answers a real listener, who gets the speaker's audio, and its status is still written.
/// </summary>
[Collection(SessionCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class SignalingFuzzTests(SessionFixture world)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>Under signaling's viewer burst (60), so the cases reach the worker instead of a throttle.</summary>
    private const int CasesPerViewer = 40;

    private const string Candidate = """{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMid":"0","sdpMLineIndex":0}""";

    [Fact]
    public async Task Offers_and_candidates_of_random_structure_never_stop_the_worker_from_serving_a_real_listener()
    {
        var seed = FuzzRun.Seed(1824);
        var cases = FuzzRun.Cases(1200);
        var random = new Random(seed);
        var json = new JsonFuzz(random);
        var text = new TextFuzz(random);
        var settings = await world.NewSessionAsync("en", ["es"], maxListeners: 100_000, translate: false);
        var channel = settings.LanguageChannels.Single(c => c.Language == "en");
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, new CaptionHub(), new WorkerMetrics(), NullLoggerFactory.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            await using var speaker = new TestSpeaker(world, settings.SourceChannel);
            await speaker.StartAsync();
            await Eventually.TrueAsync(() => speaker.Connected, "speaker connected to the worker", Within);

            await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            await using var seedPeer = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.RecvOnly, IceLite = false });
            var offerSdp = seedPeer.CreateOffer();
            var offer = System.Text.Json.JsonSerializer.Serialize(new { type = "offer", sdp = offerSdp });
            var viewers = 0;
            var closedBySignaling = 0;
            KvsSignalingClient? viewer = null;
            try
            {
                for (var i = 0; i < cases; i++)
                {
                    if (viewer is null || i % CasesPerViewer == 0)
                    {
                        if (viewer is not null)
                        {
                            await viewer.DisposeAsync();
                        }
                        viewer = new KvsSignalingClient(TestSpeaker.Options(world, channel, ChannelRole.Viewer, $"fuzz-{viewers++}"));
                        await viewer.ConnectAsync();
                    }
                    var (action, payload) = random.Next(3) switch
                    {
                        0 => (SignalingMessageTypes.SdpOffer, json.Next(offer)),
                        1 => (SignalingMessageTypes.SdpOffer, System.Text.Json.JsonSerializer.Serialize(new { type = "offer", sdp = text.Next(offerSdp) })),
                        _ => (SignalingMessageTypes.IceCandidate, json.Next(Candidate)),
                    };
                    try
                    {
                        await viewer.SendAsync(action, payload, null, null);
                    }
                    catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException)
                    {
                        // Signaling may close a viewer that sends what it refuses (its own protection): the next case
                        // comes from a new viewer.
                        closedBySignaling++;
                        await viewer.DisposeAsync();
                        viewer = null;
                    }
                }
            }
            finally
            {
                if (viewer is not null)
                {
                    await viewer.DisposeAsync();
                }
            }

            // The worker serves on: a real listener is answered and hears the speaker.
            await using var listener = new TestListener(world, channel, "after-the-fuzz");
            await listener.StartAsync();
            await Eventually.TrueAsync(() => listener.Peer.State == PeerConnectionState.Connected, "a real listener connects after the fuzz", Within);
            await Eventually.TrueAsync(() =>
            {
                speaker.Send(new byte[80]);
                return !listener.Received.IsEmpty;
            }, "the listener hears the speaker", Within);
            Assert.True(worker.Ready);
            FuzzRun.Report("worker signaling JSON (offers, candidates)", cases, seed, $"{viewers} viewers, {closedBySignaling} closed by signaling");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
