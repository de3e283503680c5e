using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// RR (RFC 3550 §6.4.2): the reporter's SSRC and its report blocks.
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (24 bytes each)                 |
/// </code>
/// </summary>
public sealed record ReceiverReport(uint Ssrc, ReceptionReport[] Reports) : IRtcpPacket
{
    private const int FixedLength = RtcpHeader.Length + 4;

    public byte PacketType => RtcpPacketType.ReceiverReport;

    public static bool TryParse(RtcpHeader header, ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = null!;
        if (packet.Length < FixedLength || !ReceptionReport.TryReadAll(packet[FixedLength..], header.Count, out var blocks))
        {
            return false;
        }

        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), blocks);
        return true;
    }

    public int GetSerializedSize() => FixedLength + (Reports.Length * ReceptionReport.Length);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Reports.Length, PacketType, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        for (var i = 0; i < Reports.Length; i++)
        {
            Reports[i].WriteTo(destination[(FixedLength + (i * ReceptionReport.Length))..]);
        }

        return size;
    }

    public bool Equals(ReceiverReport? other) => other is not null && other.Ssrc == Ssrc && other.Reports.SequenceEqual(Reports);

    public override int GetHashCode() => Ssrc.GetHashCode();
}
