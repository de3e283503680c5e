using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Sdp;
using Concentus;
using Concentus.Enums;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>Our ICE-lite endpoint against real headless Chromium, in both offer directions.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChromiumInteropTests : IAsyncLifetime
{
    private const double RequiredCorrelation = 0.8;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;
    private UdpMux _mux = null!;
    private IPage? _page;

    public ChromiumInteropTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

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
    public async Task Browser_offer_audio_reaches_us_intact_and_our_audio_reaches_the_browser()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendRecv });
        var received = new ReceivedOpus(peer);
        var browserReports = new System.Collections.Concurrent.ConcurrentQueue<IRtcpPacket>();
        peer.RtcpReceived += packets => packets.ToList().ForEach(browserReports.Enqueue);

        var offer = await _page!.EvaluateAsync<string>("() => browserOffer()");
        await _page.EvaluateAsync("sdp => acceptAnswer(sdp)", peer.AcceptOffer(offer));

        await WaitConnected(peer);
        await AssertEnvelopeMatches(received, "browser offer");
        await AssertBrowserHearsUs(peer);
        await Eventually.TrueAsync(() => browserReports.OfType<SenderReport>().Any(), "Chromium's SRTCP sender report parsed", Timeout);
        _output.WriteLine("RTCP from Chromium: " + string.Join(", ", browserReports.Select(p => p.GetType().Name).Distinct()));
    }

    [SkippableFact]
    public async Task Our_recvonly_offer_gets_the_browser_audio_intact()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.RecvOnly });
        var received = new ReceivedOpus(peer);

        var answer = await _page!.EvaluateAsync<string>("sdp => answerOffer(sdp)", peer.CreateOffer());
        Assert.Contains("a=sendonly", answer, StringComparison.Ordinal);
        peer.SetRemoteAnswer(answer);

        await WaitConnected(peer);
        await AssertEnvelopeMatches(received, "our offer");
    }

    [SkippableFact]
    public async Task Our_recvonly_offer_with_red_gets_the_browser_audio_as_red()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.RecvOnly, Red = true });
        var received = new ReceivedOpus(peer);

        var answer = await _page!.EvaluateAsync<string>("sdp => answerOffer(sdp)", peer.CreateOffer());
        peer.SetRemoteAnswer(answer);

        await WaitConnected(peer);
        await AssertEnvelopeMatches(received, "our offer with RED");
        // getStats names the inner codec (opus) either way: what counts is what arrives.
        _output.WriteLine($"RED negotiated: {peer.RedNegotiated}; {peer.PacketsReceivedAsRed} of {peer.PacketsReceived} packets came as RED");
        Assert.True(peer.RedNegotiated);
        Assert.True(peer.PacketsReceivedAsRed >= peer.PacketsReceived * 9 / 10, $"{peer.PacketsReceivedAsRed} of {peer.PacketsReceived} packets as RED");
    }

    [SkippableFact]
    public async Task Browser_ice_restart_keeps_the_dtls_association_and_audio_flows_on_the_new_credentials()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendRecv });
        var offer = await _page!.EvaluateAsync<string>("() => browserOffer()");
        await _page.EvaluateAsync("sdp => acceptAnswer(sdp)", peer.AcceptOffer(offer));
        await WaitConnected(peer);
        var ufragBefore = peer.LocalUfrag;

        var restart = await _page.EvaluateAsync<string>("() => restartOffer()");
        Assert.True(peer.TryAcceptReoffer(restart, out var answer), "an ICE restart with the same fingerprint keeps the connection");
        Assert.True(peer.IceRestarting);
        await _page.EvaluateAsync("sdp => acceptAnswer(sdp)", answer);

        Assert.NotEqual(ufragBefore, peer.LocalUfrag);
        Assert.Contains($"a=ice-ufrag:{peer.LocalUfrag}", answer, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => !peer.IceRestarting, "Chromium's first check on the new credentials", Timeout);
        Assert.Equal(PeerConnectionState.Connected, peer.State);
        await AssertBrowserHearsUs(peer);
        Assert.Equal("connected", await _page.EvaluateAsync<string>("() => connectionState()"));
    }

    [SkippableFact]
    public async Task A_new_browser_connection_under_the_same_peer_is_not_taken_as_an_ice_restart()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendRecv });
        await _page!.EvaluateAsync("sdp => acceptAnswer(sdp)", peer.AcceptOffer(await _page.EvaluateAsync<string>("() => browserOffer()")));
        await WaitConnected(peer);

        var fresh = await _page.EvaluateAsync<string>("() => browserOffer()"); // a new RTCPeerConnection: a new certificate

        Assert.False(peer.TryAcceptReoffer(fresh, out _));
        Assert.False(peer.IceRestarting);
    }

    [SkippableFact]
    public async Task Tampered_browser_fingerprint_fails_the_handshake()
    {
        Skip.If(_chromium.Unavailable is not null, _chromium.Unavailable);
        await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate });
        var received = new ReceivedOpus(peer);
        var offer = await _page!.EvaluateAsync<string>("() => browserOffer()");
        var line = offer.Split("\r\n").First(l => l.StartsWith("a=fingerprint:sha-256 ", StringComparison.Ordinal));
        var tampered = offer.Replace(line, line[..^2] + (line.EndsWith("00", StringComparison.Ordinal) ? "01" : "00"), StringComparison.Ordinal);

        await _page.EvaluateAsync("sdp => acceptAnswer(sdp)", peer.AcceptOffer(tampered));

        await Eventually.TrueAsync(() => peer.State == PeerConnectionState.Failed, "our handshake fails", Timeout);
        _output.WriteLine("failure: " + peer.FailureReason);
        Assert.Contains("fingerprint", peer.FailureReason, StringComparison.OrdinalIgnoreCase);
        await Eventually.TrueAsync(async () => await _page.EvaluateAsync<string>("() => connectionState()") == "failed", "the browser sees the failure", Timeout);
        Assert.Equal(0, received.Count);
    }

    private async Task WaitConnected(AudioPeerConnection peer)
    {
        await Eventually.TrueAsync(() => peer.State is PeerConnectionState.Connected or PeerConnectionState.Failed, "peer connection connected", Timeout);
        Assert.True(peer.State == PeerConnectionState.Connected, peer.FailureReason);
        await Eventually.TrueAsync(async () => await _page!.EvaluateAsync<string>("() => connectionState()") == "connected", "browser connected", Timeout);
    }

    private async Task AssertEnvelopeMatches(ReceivedOpus received, string label)
    {
        // 4.5 s of audio: more than one 3 s loop of the fake microphone.
        await Eventually.TrueAsync(() => received.Count >= 225, "4.5 s of audio from the browser", Timeout);
        var envelope = received.DecodeEnvelope(skipFrames: 10);

        var correlation = Envelopes.BestLoopCorrelation(envelope, ToneBursts.Envelope);

        _output.WriteLine($"envelope correlation ({label}): {correlation:0.000} over {envelope.Length} frames");
        Console.WriteLine($"WebRtc browser interop: envelope correlation ({label}) = {correlation:0.000}");
        Assert.True(correlation >= RequiredCorrelation, $"envelope correlation {correlation:0.000} < {RequiredCorrelation}");
    }

    private async Task AssertBrowserHearsUs(AudioPeerConnection peer)
    {
        var encoder = OpusCodecFactory.CreateEncoder(ToneBursts.SampleRate, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        var opus = new byte[1275];
        var sent = 0;
        using var pacing = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var deadline = DateTime.UtcNow + Timeout;
        double level = 0;
        long packets = 0;
        while (DateTime.UtcNow < deadline && (packets < 50 || level <= 0))
        {
            await pacing.WaitForNextTickAsync();
            var pcm = ToneBursts.Tone(ToneBursts.FrameSamples, 0.5, sent * ToneBursts.FrameSamples);
            var length = encoder.Encode(pcm, ToneBursts.FrameSamples, opus, opus.Length);
            Assert.True(peer.SendAudio(opus.AsSpan(0, length)), "SendAudio refused while connected");
            if (++sent % 10 == 0)
            {
                var stats = await _page!.EvaluateAsync<InboundAudio>("() => inboundAudio()");
                (packets, level) = (stats.PacketsReceived, stats.AudioLevel);
            }
        }

        _output.WriteLine($"browser inbound-rtp: packetsReceived={packets} audioLevel={level:0.000} after {sent} frames sent");
        Assert.True(packets >= 50, $"browser received {packets} packets");
        Assert.True(level > 0, "browser audioLevel is 0");
    }

    private sealed class InboundAudio
    {
        public long PacketsReceived { get; set; }

        public double AudioLevel { get; set; }
    }
}
