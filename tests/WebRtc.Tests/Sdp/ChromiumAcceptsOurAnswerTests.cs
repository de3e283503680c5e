using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Tests.Browser;
using Microsoft.Playwright;

namespace BroadcastOperator.WebRtc.Tests.Sdp;

/// <summary>
/// A browser is the judge of an answer: Chromium offers audio and video (as a browser with a camera
/// transceiver does), takes our answer that rejects the video section, and connects for audio.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChromiumAcceptsOurAnswerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Uses the page's mic() and gathered() helpers (TestPage), adding a receive-only video transceiver.
    private const string OfferAudioAndVideo = """
        async () => {
          const pc = window.pc = new RTCPeerConnection();
          const stream = await mic();
          stream.getTracks().forEach(t => pc.addTrack(t, stream));
          pc.addTransceiver('video', { direction: 'recvonly' });
          await pc.setLocalDescription(await pc.createOffer());
          await gathered(pc);
          return pc.localDescription.sdp;
        }
        """;

    private readonly ChromiumFixture _chromium;
    private UdpMux _mux = null!;
    private IPage? _page;

    public ChromiumAcceptsOurAnswerTests(ChromiumFixture chromium) => _chromium = chromium;

    public async Task InitializeAsync()
    {
        _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (_chromium.Browser is not null)
        {
            _page = await _chromium.NewPageAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }

        await _mux.DisposeAsync();
    }

    [SkippableFact]
    public async Task Chromium_takes_our_answer_rejecting_its_video_and_sends_us_audio()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.RecvOnly });
        var offer = await _page!.EvaluateAsync<string>(OfferAudioAndVideo);
        Assert.Contains("m=video ", offer, StringComparison.Ordinal);

        var answer = peer.AcceptOffer(offer);
        await _page.EvaluateAsync("sdp => acceptAnswer(sdp)", answer);

        Assert.Contains("m=video 0 ", answer, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => peer.State is PeerConnectionState.Connected or PeerConnectionState.Failed, "peer connection connected", Timeout);
        Assert.True(peer.State == PeerConnectionState.Connected, peer.FailureReason);
        await Eventually.TrueAsync(() => peer.PacketsReceived >= 25, "audio packets from Chromium", Timeout);
    }

    [SkippableFact]
    public async Task Chromium_takes_our_refusal_and_stops_every_transceiver()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        var offer = SessionDescription.Parse(await _page!.EvaluateAsync<string>(OfferAudioAndVideo));

        var refusal = AudioSdp.CreateRefusal(offer, 7).ToString();
        // Chromium drops stopped transceivers from getTransceivers(), so hold on to them before the answer.
        var directions = await _page.EvaluateAsync<string[]>("""
            async sdp => {
              const transceivers = pc.getTransceivers();
              await acceptAnswer(sdp);
              return [pc.signalingState, ...transceivers.map(t => t.currentDirection)];
            }
            """, refusal);

        Assert.Equal(["stable", "stopped", "stopped"], directions);
    }
}
