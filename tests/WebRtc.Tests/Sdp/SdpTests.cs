using System.Net;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Sdp;

public class SdpTests
{
    /// <summary>Hand-written shapes of Chromium and Firefox SDP, and real browser SDP (sources in Fixtures/README.md).</summary>
    public static TheoryData<string> Fixtures => new(FixtureNames);

    private static readonly string[] FixtureNames =
    [
        "chromium-offer.sdp", "chromium-answer.sdp", "firefox-offer.sdp", "chromium-156-offer-captured.sdp",
        "firefox-99-offer-captured.sdp", "firefox-99-answer-captured.sdp", "firefox-58-offer.sdp",
        "firefox-121-audio-video-offer.sdp", "chrome-audio-offer-aiortc.sdp", "chromium-156-answer-captured.sdp",
    ];

    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Fixtures", name)).ReplaceLineEndings("\r\n");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Browser_sdp_round_trips_byte_for_byte(string name)
    {
        var text = Fixture(name);

        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);

        Assert.Equal(text, sdp.ToString());
        Assert.Equal(text, SessionDescription.Parse(sdp.ToString()).ToString());
    }

    [Fact]
    public void Chromium_offer_yields_the_remote_audio_parameters()
    {
        var sdp = SessionDescription.Parse(Fixture("chromium-offer.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal("0", remote.Mid);
        Assert.Equal("3vLx", remote.IceUfrag);
        Assert.Equal("Wq0ZbnR5Ggd1lIbPdPQqHnmD", remote.IcePassword);
        Assert.Equal("sha-256", remote.Fingerprint.Algorithm);
        Assert.Equal(32, remote.Fingerprint.Digest.Length);
        Assert.Equal(DtlsSetup.ActPass, remote.Setup);
        Assert.Equal(MediaDirection.SendRecv, remote.Direction);
        Assert.Equal(111, remote.OpusPayloadType);
        Assert.Equal(1387462371u, remote.Ssrc);
        Assert.Equal(2, remote.Candidates.Count);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 54400), remote.Candidates[0].TryGetEndPoint());
        Assert.Equal("tcptype", remote.Candidates[1].Extensions[0].Key);
    }

    [Fact]
    public void Captured_chromium_offer_yields_its_udp_candidates_and_opus()
    {
        var sdp = SessionDescription.Parse(Fixture("chromium-156-offer-captured.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(111, remote.OpusPayloadType);
        Assert.Equal(3581674619u, remote.Ssrc);
        Assert.Equal(8, remote.Candidates.Count);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 37974), remote.Candidates.First(c => c.IsUdp).TryGetEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 54810), remote.Candidates[2].TryGetEndPoint());
        Assert.Equal("50", remote.Candidates[0].Extensions.Single(e => e.Key == "network-cost").Value);
    }

    [Fact]
    public void Firefox_offer_takes_the_session_level_fingerprint_and_payload_109()
    {
        var sdp = SessionDescription.Parse(Fixture("firefox-offer.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(109, remote.OpusPayloadType);
        Assert.Equal("a3c9e1f2", remote.IceUfrag);
        Assert.Equal(0x2B, remote.Fingerprint.Digest[0]);
        Assert.Equal(60245, Assert.Single(remote.Candidates).Port);
    }

    [Fact]
    public void Answer_to_chromium_offer_mirrors_mid_payload_type_and_takes_passive()
    {
        var offer = SessionDescription.Parse(Fixture("chromium-offer.sdp"));

        var answer = SessionDescription.Parse(AudioSdp.CreateAnswer(offer, Options(MediaDirection.RecvOnly)).ToString());

        Assert.True(RemoteAudioDescription.TryRead(answer, out var ours, out var error), error);
        Assert.True(answer.IsIceLite);
        Assert.Equal("0", ours.Mid);
        Assert.Equal(111, ours.OpusPayloadType);
        Assert.Equal(DtlsSetup.Passive, ours.Setup);
        Assert.Equal(MediaDirection.RecvOnly, ours.Direction);
        Assert.Equal("ourufrag", ours.IceUfrag);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40000), Assert.Single(ours.Candidates).TryGetEndPoint());
        Assert.True(answer.Media[0].Lines.HasAttribute("rtcp-mux"));
        Assert.Equal("BUNDLE 0", answer.Lines.GetAttribute("group"));
        Assert.Contains("a=fmtp:111 minptime=10;useinbandfec=1\r\n", answer.ToString());
    }

    [Fact]
    public void Answer_to_firefox_offer_uses_payload_109_and_sends_with_ssrc()
    {
        var offer = SessionDescription.Parse(Fixture("firefox-offer.sdp"));

        var answer = AudioSdp.CreateAnswer(offer, Options(MediaDirection.SendRecv));

        Assert.Equal(["109"], answer.Media[0].Formats);
        Assert.Equal(MediaDirection.SendRecv, answer.Media[0].Direction);
        Assert.Contains("1234 cname:broadcast", answer.Media[0].Lines.GetAttributes("ssrc"));
    }

    [Theory]
    [InlineData(MediaDirection.SendOnly, MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.SendOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.RecvOnly, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendOnly, MediaDirection.SendOnly, MediaDirection.Inactive)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    public void Answer_direction_is_what_both_sides_allow(MediaDirection wanted, MediaDirection offered, MediaDirection expected)
    {
        Assert.Equal(expected, wanted.AnswerTo(offered));
    }

    [Fact]
    public void Our_offer_is_actpass_and_parses_as_a_remote_description()
    {
        var offer = SessionDescription.Parse(AudioSdp.CreateOffer(Options(MediaDirection.RecvOnly)).ToString());

        Assert.True(RemoteAudioDescription.TryRead(offer, out var parsed, out var error), error);
        Assert.Equal(DtlsSetup.ActPass, parsed.Setup);
        Assert.Equal(MediaDirection.RecvOnly, parsed.Direction);
        Assert.True(parsed.IceLite);
        Assert.Equal(Options(MediaDirection.RecvOnly).Fingerprint, parsed.Fingerprint);
    }

    [Fact]
    public void Offer_without_opus_cannot_be_answered()
    {
        var text = Fixture("chromium-offer.sdp").Replace("opus/48000/2", "speex/16000", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => AudioSdp.CreateAnswer(SessionDescription.Parse(text), Options(MediaDirection.RecvOnly)));
        Assert.Contains("Opus", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\n")]
    [InlineData("v=0\r\nthis is not sdp\r\n")]
    [InlineData("v=0\r\nm=audio\r\n")]
    [InlineData("v=0\r\nm=audio 99999 UDP/TLS/RTP/SAVPF 111\r\n")]
    public void Malformed_sdp_is_rejected_with_a_reason(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Mutated_sdp_never_throws()
    {
        var seeds = FixtureNames.Select(f => System.Text.Encoding.UTF8.GetBytes(Fixture(f))).ToArray();
        foreach (var input in Mutations.Of(8866, 200, seeds))
        {
            var text = System.Text.Encoding.UTF8.GetString(input);
            if (SessionDescription.TryParse(text, out var sdp, out _))
            {
                _ = RemoteAudioDescription.TryRead(sdp, out _, out _);
                Assert.True(SessionDescription.TryParse(sdp.ToString(), out var again, out _));
                Assert.Equal(sdp.ToString(), again.ToString());
            }
        }
    }

    [Fact]
    public void Candidate_round_trips_and_rejects_garbage()
    {
        var host = IceCandidate.Host(new IPEndPoint(IPAddress.Loopback, 5000));
        Assert.True(IceCandidate.TryParse(host.ToString(), out var parsed));
        Assert.Equal(host, parsed);
        Assert.Equal(2130706431u, host.Priority);
        Assert.False(IceCandidate.TryParse("candidate:1 1 udp x 127.0.0.1 5000 typ host", out _));
        Assert.False(IceCandidate.TryParse("candidate:1 1 udp 1 127.0.0.1 5000 host", out _));
    }

    internal static AudioSdpOptions Options(MediaDirection direction) => new()
    {
        IceUfrag = "ourufrag",
        IcePassword = "ourpasswordourpasswordxx",
        Fingerprint = new SdpFingerprint("sha-256", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        Candidates = [IceCandidate.Host(new IPEndPoint(IPAddress.Loopback, 40000))],
        Direction = direction,
        Ssrc = 1234,
    };
}
