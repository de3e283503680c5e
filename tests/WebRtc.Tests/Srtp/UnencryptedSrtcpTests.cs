using System.Buffers.Binary;
using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Srtp;
using static BroadcastOperator.WebRtc.Tests.Srtp.SrtpTestData;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

/// <summary>
/// SRTCP with the E flag clear (authenticated, not encrypted; RFC 3711 §3.4, RFC 7714 §9.2): we never
/// send it, but a peer may. The packets here are built by hand from the session keys.
/// </summary>
public class UnencryptedSrtcpTests
{
    private static readonly byte[] MasterKey = Enumerable.Range(1, 16).Select(i => (byte)(i * 5)).ToArray();

    [Fact]
    public void Aes_cm_srtcp_without_e_flag_is_authenticated_and_left_in_clear()
    {
        var salt = Enumerable.Range(1, 14).Select(i => (byte)i).ToArray();
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey, salt);
        using var receiver = new SrtpContext(keys);
        var plain = RtcpReceiverReport();
        var indexWord = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(indexWord, 7); // E = 0, index 7
        byte[] authenticated = [.. plain, .. indexWord];
        var tag = HMACSHA1.HashData(keys.RtcpAuthenticationKey, authenticated)[..10];
        byte[] packet = [.. authenticated, .. tag];

        var tampered = (byte[])packet.Clone();
        tampered[9] ^= 1;

        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(tampered, out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Fact]
    public void Gcm_srtcp_without_e_flag_is_authenticated_and_left_in_clear()
    {
        var salt = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, MasterKey, salt);
        using var receiver = new SrtpContext(keys);
        var plain = RtcpReceiverReport(ssrc: 0xCAFE0001);
        var indexWord = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(indexWord, 9); // E = 0, index 9
        var nonce = new byte[12];
        AeadAesGcmCipher.BuildRtcpNonce(keys.RtcpSalt, 0xCAFE0001, 9, nonce);
        var tag = new byte[16];
        using (var gcm = new AesGcm(keys.RtcpEncryptionKey, 16))
        {
            byte[] aad = [.. plain, .. indexWord]; // everything is AAD, nothing is encrypted
            gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, aad);
        }

        byte[] packet = [.. plain, .. tag, .. indexWord];

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }
}
