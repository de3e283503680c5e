using System.Buffers.Binary;
using System.Text;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// BYE (RFC 3550 §6.6): the sources leaving and an optional reason.
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           |
/// |     length    |               reason for leaving            ... (opt)
/// </code>
/// </summary>
public sealed record Goodbye(uint[] Ssrcs, string? Reason = null) : IRtcpPacket
{
    public byte PacketType => RtcpPacketType.Goodbye;

    public static bool TryParse(RtcpHeader header, ReadOnlySpan<byte> packet, out Goodbye goodbye)
    {
        goodbye = null!;
        var offset = RtcpHeader.Length + (4 * header.Count);
        if (packet.Length < offset)
        {
            return false;
        }

        var ssrcs = new uint[header.Count];
        for (var i = 0; i < ssrcs.Length; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(packet[(RtcpHeader.Length + (4 * i))..]);
        }

        string? reason = null;
        if (packet.Length > offset)
        {
            var length = packet[offset];
            if (packet.Length - offset - 1 < length)
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(packet.Slice(offset + 1, length));
        }

        goodbye = new Goodbye(ssrcs, reason);
        return true;
    }

    public int GetSerializedSize() =>
        RtcpHeader.Length + (4 * Ssrcs.Length) + (Reason is null ? 0 : (1 + Encoding.UTF8.GetByteCount(Reason) + 3) & ~3);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Ssrcs.Length, PacketType, size);
        var offset = RtcpHeader.Length;
        foreach (var ssrc in Ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }

        if (Reason is not null)
        {
            var text = Encoding.UTF8.GetBytes(Reason);
            if (text.Length > 255)
            {
                throw new InvalidOperationException("A BYE reason is at most 255 bytes.");
            }

            destination[offset] = (byte)text.Length;
            text.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + text.Length)..size].Clear();
        }

        return size;
    }

    public bool Equals(Goodbye? other) => other is not null && other.Ssrcs.SequenceEqual(Ssrcs) && other.Reason == Reason;

    public override int GetHashCode() => Ssrcs.Length;
}
