using BroadcastOperator.WebRtc.Sdp;
using static BroadcastOperator.WebRtc.Tests.Sdp.SdpTests;

namespace BroadcastOperator.WebRtc.Tests.Sdp;

/// <summary>RED and NACK in offers and answers, against what Chromium and Firefox really offer.</summary>
public class LossProtectionSdpTests
{
    [Fact]
    public void Chromiums_offer_has_red_for_opus_and_no_audio_nack()
    {
        var offer = SessionDescription.Parse(Fixture("chromium-156-offer-captured.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(offer, out var remote, out var error), error);

        Assert.Equal(63, remote.RedPayloadType);
        Assert.False(remote.Nack);
    }

    [Fact]
    public void Firefoxs_offer_has_neither()
    {
        var offer = SessionDescription.Parse(Fixture("firefox-153-offer-captured.sdp"));

        Assert.True(RemoteAudioDescription.TryRead(offer, out var remote, out var error), error);

        Assert.Null(remote.RedPayloadType);
        Assert.False(remote.Nack);
    }

    [Fact]
    public void An_answer_with_red_on_takes_red_on_the_offers_payload_type()
    {
        var offer = SessionDescription.Parse(Fixture("chromium-156-offer-captured.sdp"));

        var answer = AudioSdp.CreateAnswer(offer, Options(MediaDirection.SendOnly) with { Red = true, Nack = true }).ToString();

        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 111 63\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("nack", answer, StringComparison.Ordinal); // Chromium did not offer it for audio
        Assert.True(RemoteAudioDescription.TryRead(SessionDescription.Parse(answer), out var ours, out _));
        Assert.Equal(63, ours.RedPayloadType);
    }

    [Fact]
    public void An_answer_with_red_off_or_to_an_offer_without_red_is_plain_opus()
    {
        var chromium = SessionDescription.Parse(Fixture("chromium-156-offer-captured.sdp"));
        var firefox = SessionDescription.Parse(Fixture("firefox-153-offer-captured.sdp"));

        Assert.DoesNotContain("red/48000", AudioSdp.CreateAnswer(chromium, Options(MediaDirection.SendOnly)).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("red/48000", AudioSdp.CreateAnswer(firefox, Options(MediaDirection.SendOnly) with { Red = true }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Our_offer_with_red_and_nack_is_read_back_as_offering_both()
    {
        var offer = SessionDescription.Parse(AudioSdp.CreateOffer(Options(MediaDirection.RecvOnly) with { Red = true, Nack = true }).ToString());

        Assert.True(RemoteAudioDescription.TryRead(offer, out var remote, out var error), error);

        Assert.Equal(63, remote.RedPayloadType);
        Assert.True(remote.Nack);
    }

    [Fact]
    public void Red_whose_blocks_are_not_opus_is_not_taken()
    {
        var text = Fixture("chromium-156-offer-captured.sdp").Replace("a=fmtp:63 111/111", "a=fmtp:63 0/0", StringComparison.Ordinal);

        Assert.True(RemoteAudioDescription.TryRead(SessionDescription.Parse(text), out var remote, out _));

        Assert.Null(remote.RedPayloadType);
    }
}
