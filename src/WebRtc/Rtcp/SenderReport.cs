using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// SR (RFC 3550 §6.4.1): sender SSRC, NTP and RTP timestamps, packet and octet counts, report blocks.
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (24 bytes each)                 |
/// </code>
/// </summary>
public sealed record SenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount, ReceptionReport[] Reports) : IRtcpPacket
{
    private const int FixedLength = RtcpHeader.Length + 24;

    public byte PacketType => RtcpPacketType.SenderReport;

    public static bool TryParse(RtcpHeader header, ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = null!;
        if (packet.Length < FixedLength || !ReceptionReport.TryReadAll(packet[FixedLength..], header.Count, out var blocks))
        {
            return false;
        }

        report = new SenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt64BigEndian(packet[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[24..]),
            blocks);
        return true;
    }

    public int GetSerializedSize() => FixedLength + (Reports.Length * ReceptionReport.Length);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Reports.Length, PacketType, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        for (var i = 0; i < Reports.Length; i++)
        {
            Reports[i].WriteTo(destination[(FixedLength + (i * ReceptionReport.Length))..]);
        }

        return size;
    }

    public bool Equals(SenderReport? other) =>
        other is not null && (other.Ssrc, other.NtpTimestamp, other.RtpTimestamp, other.PacketCount, other.OctetCount) == (Ssrc, NtpTimestamp, RtpTimestamp, PacketCount, OctetCount)
        && other.Reports.SequenceEqual(Reports);

    public override int GetHashCode() => HashCode.Combine(Ssrc, NtpTimestamp);
}
