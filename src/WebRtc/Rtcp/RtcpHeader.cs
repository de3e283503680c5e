using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1); the length is in 32-bit
/// words minus one, so a packet is always a multiple of 4 bytes.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct RtcpHeader(bool Padding, int Count, byte PacketType, int PacketLength)
{
    public const int Length = 4;

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Length || data[0] >> 6 != 2)
        {
            return false;
        }

        var packetLength = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (packetLength > data.Length)
        {
            return false;
        }

        header = new RtcpHeader((data[0] & 0x20) != 0, data[0] & 0x1F, data[1], packetLength);
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    public static void Write(Span<byte> destination, int count, byte packetType, int packetLength)
    {
        if (count is < 0 or > 31 || packetLength % 4 != 0 || packetLength < Length)
        {
            throw new InvalidOperationException("RTCP count must be 0-31 and the length a multiple of 4.");
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / 4) - 1));
    }
}
