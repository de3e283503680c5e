using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

/// <summary>Our AES-NI GCM against the platform's, on the same inputs.</summary>
public class AesNiGcmTests
{
    [SkippableFact]
    public void Managed_gcm_matches_the_platform_for_any_lengths()
    {
        Skip.IfNot(AesNiGcm.IsSupported, "this CPU has no AES-NI/PCLMULQDQ; the platform GCM is used instead");
        var random = new Random(7714);
        for (var i = 0; i < 400; i++)
        {
            var key = RandomBytes(random, 16);
            var nonce = RandomBytes(random, 12);
            var plain = RandomBytes(random, random.Next(0, 300));
            var aad = RandomBytes(random, random.Next(0, 40));
            using var ours = new AesNiGcm(key);
            using var platform = new AesGcm(key, 16);

            var data = (byte[])plain.Clone();
            var tag = new byte[16];
            ours.Encrypt(nonce, data, tag, aad);
            var expectedData = new byte[plain.Length];
            var expectedTag = new byte[16];
            platform.Encrypt(nonce, plain, expectedData, expectedTag, aad);

            Assert.Equal(expectedData, data);
            Assert.Equal(expectedTag, tag);
            Assert.True(ours.TryDecrypt(nonce, data, tag, aad));
            Assert.Equal(plain, data);
        }
    }

    [SkippableFact]
    public void Any_flipped_bit_fails_decryption_and_leaves_the_data_alone()
    {
        Skip.IfNot(AesNiGcm.IsSupported, "this CPU has no AES-NI/PCLMULQDQ");
        var random = new Random(5);
        var key = RandomBytes(random, 16);
        var nonce = RandomBytes(random, 12);
        var aad = RandomBytes(random, 12);
        var data = RandomBytes(random, 100);
        var tag = new byte[16];
        using var gcm = new AesNiGcm(key);
        gcm.Encrypt(nonce, data, tag, aad);

        for (var bit = 0; bit < 8 * (data.Length + tag.Length + aad.Length); bit += 7)
        {
            var (d, t, a) = ((byte[])data.Clone(), (byte[])tag.Clone(), (byte[])aad.Clone());
            var target = bit / 8 < d.Length ? d : bit / 8 < d.Length + t.Length ? t : a;
            var offset = bit / 8 < d.Length ? bit / 8 : bit / 8 < d.Length + t.Length ? (bit / 8) - d.Length : (bit / 8) - d.Length - t.Length;
            target[offset] ^= (byte)(1 << (bit % 8));
            var before = (byte[])d.Clone();

            Assert.False(gcm.TryDecrypt(nonce, d, t, a));
            Assert.Equal(before, d);
        }
    }

    [Fact]
    public void Platform_gcm_path_also_produces_the_rfc7714_packet()
    {
        var key = SrtpTestData.Hex("000102030405060708090a0b0c0d0e0f");
        var salt = SrtpTestData.Hex("517569642070726f2071756f");
        using var cipher = new AeadAesGcmCipher(new SrtpSessionKeys(SrtpProfile.AeadAes128Gcm, key, [], salt, key, [], salt), allowHardware: false);
        var plain = SrtpTestData.Hex("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        var length = cipher.ProtectRtp(buffer, 12, plain.Length, 0x5501a0b2, 0xf17b);

        Assert.Equal(
            SrtpTestData.Hex("f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833 899d7f27 beb16a91 52cf765e e4390cce"),
            buffer[12..length]);
        Assert.True(cipher.UnprotectRtp(buffer.AsSpan(0, length), 12, 0x5501a0b2, 0xf17b));
        Assert.Equal(plain, buffer[..plain.Length]);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
