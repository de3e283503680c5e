using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (HMAC-SHA1, 20 bytes) and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5-14.6).
/// The HMAC covers the message up to the attribute, with the header length rewritten to end just
/// after the integrity attribute, so that later attributes (FINGERPRINT) are excluded.
/// </summary>
public static class MessageIntegrity
{
    public const int Sha1Length = 20;
    public const int Sha256Length = 32;
    private const int MinimumSha256Length = 16;

    internal static int AppendSha1(Span<byte> message, int offset, ReadOnlySpan<byte> key) =>
        Append(message, offset, key, StunAttributeType.MessageIntegrity, Sha1Length);

    internal static int AppendSha256(Span<byte> message, int offset, ReadOnlySpan<byte> key) =>
        Append(message, offset, key, StunAttributeType.MessageIntegritySha256, Sha256Length);

    internal static bool VerifySha1(byte[] message, int attributeOffset, ReadOnlySpan<byte> received, ReadOnlySpan<byte> key) =>
        received.Length == Sha1Length && Verify(message, attributeOffset, received, key, sha256: false);

    internal static bool VerifySha256(byte[] message, int attributeOffset, ReadOnlySpan<byte> received, ReadOnlySpan<byte> key) =>
        received.Length is >= MinimumSha256Length and <= Sha256Length && (received.Length & 3) == 0
        && Verify(message, attributeOffset, received, key, sha256: true);

    private static int Append(Span<byte> message, int offset, ReadOnlySpan<byte> key, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)(offset + StunAttribute.HeaderLength + length - StunMessage.HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(message[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(message[(offset + 2)..], (ushort)length);
        var mac = message.Slice(offset + StunAttribute.HeaderLength, length);
        if (length == Sha1Length)
        {
            HMACSHA1.HashData(key, message[..offset], mac);
        }
        else
        {
            HMACSHA256.HashData(key, message[..offset], mac);
        }

        return offset + StunAttribute.HeaderLength + length;
    }

    private static bool Verify(byte[] message, int attributeOffset, ReadOnlySpan<byte> received, ReadOnlySpan<byte> key, bool sha256)
    {
        Span<byte> covered = attributeOffset <= 1024 ? stackalloc byte[attributeOffset] : new byte[attributeOffset];
        message.AsSpan(0, attributeOffset).CopyTo(covered);
        var paddedLength = StunAttribute.Padded(received.Length);
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)(attributeOffset + StunAttribute.HeaderLength + paddedLength - StunMessage.HeaderLength));
        Span<byte> mac = stackalloc byte[Sha256Length];
        var written = sha256 ? HMACSHA256.HashData(key, covered, mac) : HMACSHA1.HashData(key, covered, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..Math.Min(written, received.Length)], received);
    }
}
