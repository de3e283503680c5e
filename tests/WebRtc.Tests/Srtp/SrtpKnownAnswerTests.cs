using BroadcastOperator.WebRtc.Srtp;
using static BroadcastOperator.WebRtc.Tests.Srtp.SrtpTestData;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

/// <summary>Whole packets against published outputs: libsrtp's AES-CM driver packet and RFC 7714 §16/§17.</summary>
public class SrtpKnownAnswerTests
{
    // libsrtp test/srtp_driver.c: master key and salt of RFC 3711 B.3, SSRC cafebabe, seq 0x1234.
    private static readonly byte[] AesCmPlain = Hex("800f1234decafbadcafebabeabababababababababababababababab");
    private static readonly byte[] AesCmProtected = Hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");

    // RFC 7714: session key and salt given directly.
    private static readonly byte[] GcmKey = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Hex("517569642070726f2071756f");

    private static readonly byte[] GcmRtpPlain = Hex(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] GcmRtpProtected = Hex(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
        + "899d7f27 beb16a91 52cf765e e4390cce");

    private static readonly byte[] GcmRtcpPlain = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] GcmRtcpProtected = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b"
        + "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    private static SrtpContext GcmContext() =>
        new(new SrtpSessionKeys(SrtpProfile.AeadAes128Gcm, GcmKey, [], GcmSalt, GcmKey, [], GcmSalt));

    [Fact]
    public void Aes_cm_packet_protects_to_libsrtp_known_answer()
    {
        using var context = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));

        Assert.Equal(AesCmProtected, ProtectRtp(context, AesCmPlain));
    }

    [SkippableTheory]
    [MemberData(nameof(HmacSha1Tests.Backends), MemberType = typeof(HmacSha1Tests))]
    public void Aes_cm_known_answer_holds_with_every_hmac_backend(string backendName)
    {
        var backend = HmacSha1Tests.SkipWithoutLibCrypto(backendName);
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));
        using var sender = new SrtpContext(keys, backend);
        using var receiver = new SrtpContext(keys, backend);
        var packet = (byte[])AesCmProtected.Clone();

        Assert.Equal(AesCmProtected, ProtectRtp(sender, AesCmPlain));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out var length));
        Assert.Equal(AesCmPlain, packet[..length]);
    }

    [Fact]
    public void Aes_cm_known_answer_unprotects_to_the_plain_packet()
    {
        using var context = SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));
        var packet = (byte[])AesCmProtected.Clone();

        Assert.Equal(SrtpStatus.Ok, context.UnprotectRtp(packet, out var length));
        Assert.Equal(AesCmPlain, packet[..length]);
    }

    [Fact]
    public void Gcm_rtp_protects_to_rfc7714_example()
    {
        using var context = GcmContext();

        Assert.Equal(GcmRtpProtected, ProtectRtp(context, GcmRtpPlain));
    }

    [Fact]
    public void Gcm_rfc7714_rtp_example_unprotects_to_the_plain_packet()
    {
        using var context = GcmContext();
        var packet = (byte[])GcmRtpProtected.Clone();

        Assert.Equal(SrtpStatus.Ok, context.UnprotectRtp(packet, out var length));
        Assert.Equal(GcmRtpPlain, packet[..length]);
    }

    [Fact]
    public void Gcm_rtcp_protects_to_rfc7714_example_with_index_after_the_tag()
    {
        var keys = new SrtpSessionKeys(SrtpProfile.AeadAes128Gcm, GcmKey, [], GcmSalt, GcmKey, [], GcmSalt);
        using var cipher = new AeadAesGcmCipher(keys);
        var buffer = new byte[GcmRtcpPlain.Length + cipher.RtcpOverhead];
        GcmRtcpPlain.CopyTo(buffer, 0);

        var length = cipher.ProtectRtcp(buffer, GcmRtcpPlain.Length, ssrc: 0x4d617273, srtcpIndex: 0x5d4);

        Assert.Equal(GcmRtcpProtected, buffer[..length]);
    }

    [Fact]
    public void Gcm_rfc7714_rtcp_example_unprotects_to_the_plain_packet()
    {
        using var context = GcmContext();
        var packet = (byte[])GcmRtcpProtected.Clone();

        Assert.Equal(SrtpStatus.Ok, context.UnprotectRtcp(packet, out var length));
        Assert.Equal(GcmRtcpPlain, packet[..length]);
    }

    [Fact]
    public void Gcm_nonces_match_rfc7714_examples()
    {
        Span<byte> nonce = stackalloc byte[12];

        AeadAesGcmCipher.BuildRtpNonce(GcmSalt, 0x5501a0b2, 0xf17b, nonce);
        Assert.Equal(Hex("51753c6580c2726f20718414"), nonce.ToArray());

        AeadAesGcmCipher.BuildRtcpNonce(GcmSalt, 0x4d617273, 0x5d4, nonce);
        Assert.Equal(Hex("517524055203726f207170bb"), nonce.ToArray());
    }
}
