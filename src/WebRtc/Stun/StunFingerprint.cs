using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 (ISO HDLC, as in zlib) of the message up to the attribute,
/// with the length covering the attribute, XOR 0x5354554E. Always the last attribute.
/// </summary>
public static class StunFingerprint
{
    public const int AttributeLength = 8;
    private const uint XorValue = 0x5354554E;
    private static readonly uint[] Table = BuildTable();

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    internal static int Append(Span<byte> message, int offset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)(offset + AttributeLength - StunMessage.HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(message[offset..], StunAttributeType.Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(message[(offset + 2)..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(message[(offset + 4)..], Crc32(message[..offset]) ^ XorValue);
        return offset + AttributeLength;
    }

    internal static bool Verify(byte[] message, int attributeOffset, ReadOnlySpan<byte> received)
    {
        // The header length of a received message already covers FINGERPRINT, which is last.
        return received.Length == 4
            && attributeOffset + AttributeLength == message.Length
            && BinaryPrimitives.ReadUInt32BigEndian(received) == (Crc32(message.AsSpan(0, attributeOffset)) ^ XorValue);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
