using BroadcastOperator.WebRtc.Srtp;
using static BroadcastOperator.WebRtc.Tests.Srtp.SrtpTestData;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

public class SrtpKeyDerivationTests
{
    private static readonly byte[] Rfc3711MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] Rfc3711MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Session_keys_match_rfc3711_appendix_b3()
    {
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpEncryptionKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthenticationKey);
    }

    [Fact]
    public void Long_prf_output_continues_the_rfc3711_appendix_b3_keystream()
    {
        var output = new byte[94];
        SrtpKeyDerivation.DeriveSessionKey(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, output);

        Assert.Equal(
            Hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098"
                + "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"),
            output);
    }

    [Fact]
    public void Rtcp_keys_use_their_own_labels()
    {
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);

        Assert.NotEqual(keys.RtpEncryptionKey, keys.RtcpEncryptionKey);
        Assert.NotEqual(keys.RtpSalt, keys.RtcpSalt);
        Assert.NotEqual(keys.RtpAuthenticationKey, keys.RtcpAuthenticationKey);
    }

    [Fact]
    public void Gcm_salt_is_zero_padded_before_derivation_like_libsrtp()
    {
        // Master key 00..0f, master salt 40..4b: session salt as libsrtp and webrtc-rs derive it.
        var masterKey = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var masterSalt = Enumerable.Range(0x40, 12).Select(i => (byte)i).ToArray();

        var keys = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, masterKey, masterSalt);

        Assert.Equal(Hex("1fcd5d561e66dc49ec1c3ccb"), keys.RtpSalt);
        Assert.Empty(keys.RtpAuthenticationKey);
    }

    [Fact]
    public void Aes_cm_keystream_matches_rfc3711_appendix_b2()
    {
        using var keystream = new AesCounterKeystream(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        var data = new byte[0xFF02 * 16];

        keystream.Apply(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), data);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4"), data[..16]);
        Assert.Equal(Hex("D23513162B02D0F72A43A2FE4A5F97AB"), data[16..32]);
        Assert.Equal(Hex("41E95B3BB0A2E8DD477901E4FCA894C0"), data[32..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), data[(0xFEFF * 16)..(0xFF00 * 16)]);
        Assert.Equal(Hex("362B7C3C6773516318A077D7FC5073AE"), data[(0xFF00 * 16)..(0xFF01 * 16)]);
        Assert.Equal(Hex("6A2CC3787889374FBEB4C81B17BA6C44"), data[(0xFF01 * 16)..(0xFF02 * 16)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(64)] // exactly one group of four blocks encrypted together
    [InlineData(160)] // a 20 ms Opus payload: two groups of four, two single blocks
    [InlineData(173)]
    [InlineData(3000)]
    public void Hardware_and_portable_keystreams_agree(int length)
    {
        var key = Hex("000102030405060708090a0b0c0d0e0f");
        var iv = Hex("F0F1F2F3F4F5F6F7 FFFFFFFFFFFFFFF0"); // low half carries into the high half
        using var hardware = new AesCounterKeystream(key);
        using var portable = new AesCounterKeystream(key, allowHardware: false);
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var copy = (byte[])data.Clone();

        hardware.Apply(iv, data);
        portable.Apply(iv, copy);

        Assert.Equal(copy, data);
    }

    [Fact]
    public void Portable_keystream_matches_rfc3711_appendix_b2()
    {
        using var keystream = new AesCounterKeystream(Hex("2B7E151628AED2A6ABF7158809CF4F3C"), allowHardware: false);
        var data = new byte[48];

        keystream.Apply(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), data);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), data);
    }

    [Fact]
    public void Wrong_master_key_or_salt_length_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Contains("12-byte master salt", error.Message);
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, new byte[15], new byte[14]));
    }
}
