using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 §8, §9). Layouts:
/// <code>
/// SRTP:  [ RTP header (AAD) | ciphertext | tag (16) ]
///        IV = (00 00 || SSRC || ROC || SEQ) XOR salt
/// SRTCP: [ first 8 bytes (AAD) | ciphertext | tag (16) | E||index (4, AAD) ]
///        IV = (00 00 || SSRC || 00 00 || 0||index) XOR salt
/// </code>
/// </summary>
internal sealed class AeadAesGcmCipher : ISrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;
    private const int IndexWordLength = 4;
    private const int RtcpHeaderLength = 8;

    private readonly IAesGcm _rtpAead;
    private readonly IAesGcm _rtcpAead;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AeadAesGcmCipher(SrtpSessionKeys keys, bool allowHardware = true)
    {
        _rtpAead = Create(keys.RtpEncryptionKey, allowHardware);
        _rtcpAead = Create(keys.RtcpEncryptionKey, allowHardware);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public int RtpOverhead => TagLength;

    public int RtcpOverhead => TagLength + IndexWordLength;

    public int RtcpIndexOffset(int packetLength) => packetLength - IndexWordLength;

    public int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        var payload = buffer[headerLength..length];
        _rtpAead.Encrypt(nonce, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
        return length + TagLength;
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        var tagOffset = packet.Length - TagLength;
        var payload = packet[headerLength..tagOffset];
        return _rtpAead.TryDecrypt(nonce, payload, packet[tagOffset..], packet[..headerLength]);
    }

    public int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, srtcpIndex, nonce);
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + IndexWordLength];
        buffer[..RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], 0x8000_0000u | srtcpIndex);

        var payload = buffer[RtcpHeaderLength..length];
        _rtcpAead.Encrypt(nonce, payload, buffer.Slice(length, TagLength), aad);
        aad[RtcpHeaderLength..].CopyTo(buffer.Slice(length + TagLength, IndexWordLength));
        return length + TagLength + IndexWordLength;
    }

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, srtcpIndex, nonce);
        var tagOffset = packet.Length - IndexWordLength - TagLength;
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + IndexWordLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            packet[^IndexWordLength..].CopyTo(aad[RtcpHeaderLength..]);
            var payload = packet[RtcpHeaderLength..tagOffset];
            return _rtcpAead.TryDecrypt(nonce, payload, tag, aad);
        }

        // Unencrypted SRTCP: the whole packet and the index word are AAD. Move the index word over
        // the (saved) tag so the AAD is contiguous without copying the packet.
        packet[^IndexWordLength..].CopyTo(packet.Slice(tagOffset, IndexWordLength));
        return _rtcpAead.TryDecrypt(nonce, Span<byte>.Empty, tag, packet[..(tagOffset + IndexWordLength)]);
    }

    private static IAesGcm Create(byte[] key, bool allowHardware) =>
        allowHardware && AesNiGcm.IsSupported ? new AesNiGcm(key) : new PlatformAesGcm(key);

    internal static void BuildRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16)); // ROC
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);      // SEQ
        XorSalt(salt, nonce);
    }

    internal static void BuildRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint srtcpIndex, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], srtcpIndex & 0x7FFF_FFFF);
        XorSalt(salt, nonce);
    }

    private static void XorSalt(ReadOnlySpan<byte> salt, Span<byte> nonce)
    {
        for (var i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    public void Dispose()
    {
        _rtpAead.Dispose();
        _rtcpAead.Dispose();
    }
}
