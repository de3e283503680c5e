using System.Net;
using BroadcastOperator.WebRtc.Sdp;
using static BroadcastOperator.WebRtc.Tests.Sdp.SdpTests;

namespace BroadcastOperator.WebRtc.Tests.Sdp;

/// <summary>
/// SDP that real Firefox and Chrome builds produced (sources in Fixtures/README.md): what we read
/// from it, and whether our answer is one those browsers accept.
/// </summary>
public class RealBrowserSdpTests
{
    /// <summary>Offer file, its audio mid, ice-ufrag, Opus payload type, first fingerprint byte, SSRC.</summary>
    public static TheoryData<string, string, string, int, byte, uint> Offers => new()
    {
        { "firefox-99-offer-captured.sdp", "0", "2174c31c", 109, 0xF9, 1687021030u },
        { "firefox-58-offer.sdp", "sdparta_0", "403a81e1", 109, 0xEB, 882128807u },
        { "firefox-121-audio-video-offer.sdp", "0", "6c0579ea", 109, 0x75, 3772375965u },
        { "chrome-audio-offer-aiortc.sdp", "audio", "5+Ix", 111, 0x6B, 1944796561u },
    };

    [Theory]
    [MemberData(nameof(Offers))]
    public void Real_offer_yields_its_audio_parameters(string file, string mid, string ufrag, int opus, byte fingerprintStart, uint ssrc)
    {
        var sdp = SessionDescription.Parse(Fixture(file));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(mid, remote.Mid);
        Assert.Equal(ufrag, remote.IceUfrag);
        Assert.Equal(opus, remote.OpusPayloadType);
        Assert.Equal("sha-256", remote.Fingerprint.Algorithm);
        Assert.Equal(32, remote.Fingerprint.Digest.Length);
        Assert.Equal(fingerprintStart, remote.Fingerprint.Digest[0]);
        Assert.Equal(DtlsSetup.ActPass, remote.Setup);
        Assert.Equal(MediaDirection.SendRecv, remote.Direction);
        Assert.Equal(ssrc, remote.Ssrc);
        Assert.False(remote.IceLite);
    }

    [Theory]
    [InlineData("firefox-99-offer-captured.sdp", "0", 109)]
    [InlineData("firefox-58-offer.sdp", "sdparta_0", 109)]
    [InlineData("firefox-121-audio-video-offer.sdp", "0", 109)]
    [InlineData("chrome-audio-offer-aiortc.sdp", "audio", 111)]
    public void Answer_to_real_offer_is_one_the_browser_accepts(string file, string mid, int opus)
    {
        var offer = SessionDescription.Parse(Fixture(file));
        var options = Options(MediaDirection.SendOnly);

        var answerText = AudioSdp.CreateAnswer(offer, options).ToString();
        var answer = SessionDescription.Parse(answerText);

        Assert.True(RemoteAudioDescription.TryRead(answer, out var ours, out var error), error);
        Assert.True(answer.IsIceLite);
        Assert.Equal(mid, ours.Mid);
        Assert.Equal(opus, ours.OpusPayloadType);
        Assert.Equal(DtlsSetup.Passive, ours.Setup); // an answer never says actpass (RFC 5763 §5)
        Assert.DoesNotContain("a=setup:actpass", answerText, StringComparison.Ordinal);
        Assert.Equal(options.Fingerprint, ours.Fingerprint);
        Assert.Equal("ourufrag", ours.IceUfrag);
        Assert.Equal(MediaDirection.SendOnly, ours.Direction);
        Assert.Equal("BUNDLE " + mid, answer.Lines.GetAttribute("group"));
        Assert.Equal(offer.Media.Select(m => (m.Media, m.Mid)), answer.Media.Select(m => (m.Media, m.Mid)));
        var audio = answer.Media.Single(m => m.Port != 0);
        Assert.Equal([opus.ToString(System.Globalization.CultureInfo.InvariantCulture)], audio.Formats);
        Assert.True(audio.Lines.HasAttribute("rtcp-mux"));
        Assert.Contains($"a=rtpmap:{opus} opus/48000/2\r\n", answerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_section_of_a_firefox_offer_is_rejected_in_place()
    {
        var offer = SessionDescription.Parse(Fixture("firefox-121-audio-video-offer.sdp"));

        var answer = SessionDescription.Parse(AudioSdp.CreateAnswer(offer, Options(MediaDirection.RecvOnly)).ToString());

        var video = answer.Media[1];
        Assert.Equal("video", video.Media);
        Assert.Equal(0, video.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", video.Protocol);
        Assert.Equal(["120"], video.Formats);
        Assert.Equal("1", video.Mid);
        Assert.Equal(MediaDirection.Inactive, video.Direction);
        Assert.Equal("BUNDLE 0", answer.Lines.GetAttribute("group"));
    }

    [Fact]
    public void Audio_after_a_video_section_is_answered_in_second_place()
    {
        var offer = SessionDescription.Parse(Fixture("firefox-121-audio-video-offer.sdp"));
        offer.Media.Reverse();

        var answer = AudioSdp.CreateAnswer(offer, Options(MediaDirection.RecvOnly));

        Assert.Equal(["video", "audio"], answer.Media.Select(m => m.Media));
        Assert.Equal(0, answer.Media[0].Port);
        Assert.Equal(40000, answer.Media[1].Port);
        Assert.Equal("0", answer.Media[1].Mid);
    }

    [Fact]
    public void Firefox_answer_makes_it_the_dtls_client_with_its_udp_candidates()
    {
        var sdp = SessionDescription.Parse(Fixture("firefox-99-answer-captured.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(DtlsSetup.Active, remote.Setup);
        Assert.Equal(109, remote.OpusPayloadType);
        Assert.Equal("7afa0437", remote.IceUfrag);
        Assert.Equal(0x1D, remote.Fingerprint.Digest[0]);
        Assert.Equal(3026363813u, remote.Ssrc);
        Assert.Equal(11, remote.Candidates.Count);
        Assert.Equal(6, remote.Candidates.Count(c => c.IsUdp && c.Component == 1));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2804:14d:ba4c:820f::1"), 50261), remote.Candidates[0].TryGetEndPoint());
        Assert.Equal("tcptype", remote.Candidates[5].Extensions.Single().Key);
        Assert.Equal([new("raddr", "192.168.100.80"), new KeyValuePair<string, string>("rport", "50264")], remote.Candidates[10].Extensions);
    }

    [Fact]
    public void Chromium_answer_to_our_recvonly_offer_sends_as_the_dtls_client()
    {
        var sdp = SessionDescription.Parse(Fixture("chromium-156-answer-captured.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(DtlsSetup.Active, remote.Setup);
        Assert.Equal(MediaDirection.SendOnly, remote.Direction);
        Assert.Equal(111, remote.OpusPayloadType);
        Assert.Equal("0", remote.Mid);
        Assert.Equal("U5j/", remote.IceUfrag);
        Assert.Equal(3977582915u, remote.Ssrc);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 37527), remote.Candidates[0].TryGetEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 37267), remote.Candidates[2].TryGetEndPoint());
    }

    [Fact]
    public void Firefox_offer_with_rtcp_component_candidates_keeps_them_apart()
    {
        var sdp = SessionDescription.Parse(Fixture("firefox-58-offer.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(sdp, out var remote, out var error), error);

        Assert.Equal(8, remote.Candidates.Count);
        Assert.Equal([45274, 47387], remote.Candidates.Where(c => c.IsUdp && c.Component == 1).Select(c => c.Port));
        Assert.Equal("38612 IN IP4 192.168.99.58", sdp.Media[0].Lines.GetAttribute("rtcp"));
    }

    [Theory]
    [InlineData("firefox-99-offer-captured.sdp")]
    [InlineData("firefox-121-audio-video-offer.sdp")]
    [InlineData("chrome-audio-offer-aiortc.sdp")]
    public void A_refusal_rejects_every_offered_section_in_place(string file)
    {
        var offer = SessionDescription.Parse(Fixture(file));

        var refusal = SessionDescription.Parse(AudioSdp.CreateRefusal(offer, 42).ToString());

        Assert.True(AudioSdp.IsRefusal(refusal));
        Assert.Equal(offer.Media.Select(m => (m.Media, m.Mid)), refusal.Media.Select(m => (m.Media, m.Mid)));
        Assert.All(refusal.Media, m => Assert.Equal(0, m.Port));
        Assert.False(AudioSdp.IsRefusal(AudioSdp.CreateAnswer(offer, Options(MediaDirection.SendOnly))));
    }
}
