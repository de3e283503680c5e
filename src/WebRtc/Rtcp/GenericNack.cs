using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>One NACK FCI entry: a lost packet id and a bitmask of the 16 following losses.</summary>
public readonly record struct NackEntry(ushort PacketId, ushort LostBitmask);

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): transport-layer feedback, PT=205, FMT=1.
/// <code>
/// |V=2|P|  FMT=1  |    PT=205     |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// |            PID                |             BLP               |  (repeated)
/// </code>
/// </summary>
public sealed record GenericNack(uint SenderSsrc, uint MediaSsrc, NackEntry[] Entries) : IRtcpPacket
{
    public const int Format = 1;
    private const int FixedLength = RtcpHeader.Length + 8;

    public byte PacketType => RtcpPacketType.TransportFeedback;

    /// <summary>Every sequence number the entries report lost.</summary>
    public IEnumerable<ushort> LostSequenceNumbers()
    {
        foreach (var entry in Entries)
        {
            yield return entry.PacketId;
            for (var bit = 0; bit < 16; bit++)
            {
                if ((entry.LostBitmask & (1 << bit)) != 0)
                {
                    yield return (ushort)(entry.PacketId + bit + 1);
                }
            }
        }
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = null!;
        if (packet.Length < FixedLength || (packet.Length - FixedLength) % 4 != 0)
        {
            return false;
        }

        var entries = new NackEntry[(packet.Length - FixedLength) / 4];
        for (var i = 0; i < entries.Length; i++)
        {
            var at = packet[(FixedLength + (4 * i))..];
            entries[i] = new NackEntry(BinaryPrimitives.ReadUInt16BigEndian(at), BinaryPrimitives.ReadUInt16BigEndian(at[2..]));
        }

        nack = new GenericNack(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), entries);
        return true;
    }

    public int GetSerializedSize() => FixedLength + (4 * Entries.Length);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Format, PacketType, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        for (var i = 0; i < Entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedLength + (4 * i))..], Entries[i].PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedLength + (4 * i) + 2)..], Entries[i].LostBitmask);
        }

        return size;
    }

    public bool Equals(GenericNack? other) =>
        other is not null && other.SenderSsrc == SenderSsrc && other.MediaSsrc == MediaSsrc && other.Entries.SequenceEqual(Entries);

    public override int GetHashCode() => HashCode.Combine(SenderSsrc, MediaSsrc);
}
