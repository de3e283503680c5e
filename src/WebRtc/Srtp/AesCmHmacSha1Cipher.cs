using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1). Layouts:
/// <code>
/// SRTP:  [ RTP header | encrypted payload | tag (10) ]            tag = HMAC-SHA1(header..payload || ROC), first 10 bytes
/// SRTCP: [ first 8 bytes | encrypted rest | E||index (4) | tag (10) ]
/// IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)
/// </code>
/// </summary>
internal sealed class AesCmHmacSha1Cipher : ISrtpCipher
{
    private const int TagLength = 10;
    private const int IndexWordLength = 4;
    private const int RtcpHeaderLength = 8;
    private const int RocLength = 4;

    private readonly AesCounterKeystream _rtpCipher;
    private readonly AesCounterKeystream _rtcpCipher;
    private readonly IHmacSha1 _rtpMac;
    private readonly IHmacSha1 _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Cipher(SrtpSessionKeys keys, HmacSha1Backend hmacBackend = HmacSha1Backend.Fastest)
    {
        _rtpCipher = new AesCounterKeystream(keys.RtpEncryptionKey);
        _rtcpCipher = new AesCounterKeystream(keys.RtcpEncryptionKey);
        _rtpMac = HmacSha1.Create(keys.RtpAuthenticationKey, hmacBackend);
        _rtcpMac = HmacSha1.Create(keys.RtcpAuthenticationKey, hmacBackend);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public int RtpOverhead => TagLength;

    public int RtcpOverhead => IndexWordLength + TagLength;

    public int RtcpIndexOffset(int packetLength) => packetLength - TagLength - IndexWordLength;

    public int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, buffer[headerLength..length]);

        // The tag covers packet || ROC: put the ROC where the tag goes so one hash call covers both.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], (uint)(index >> 16));
        _rtpMac.ComputeTag(buffer[..(length + RocLength)], buffer.Slice(length, TagLength));
        return length + TagLength;
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        var authenticatedLength = packet.Length - TagLength;
        Span<byte> received = stackalloc byte[TagLength];
        packet[authenticatedLength..].CopyTo(received);
        BinaryPrimitives.WriteUInt32BigEndian(packet[authenticatedLength..], (uint)(index >> 16));
        Span<byte> expected = stackalloc byte[TagLength];
        _rtpMac.ComputeTag(packet[..(authenticatedLength + RocLength)], expected);
        received.CopyTo(packet[authenticatedLength..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, received))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet[headerLength..authenticatedLength]);
        return true;
    }

    public int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        _rtcpCipher.Apply(iv, buffer[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, IndexWordLength), 0x8000_0000u | srtcpIndex);
        var authenticatedLength = length + IndexWordLength;
        _rtcpMac.ComputeTag(buffer[..authenticatedLength], buffer.Slice(authenticatedLength, TagLength));
        return authenticatedLength + TagLength;
    }

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        var authenticatedLength = packet.Length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        _rtcpMac.ComputeTag(packet[..authenticatedLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet[authenticatedLength..]))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
            _rtcpCipher.Apply(iv, packet[RtcpHeaderLength..(authenticatedLength - IndexWordLength)]);
        }

        return true;
    }

    internal static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }
}
