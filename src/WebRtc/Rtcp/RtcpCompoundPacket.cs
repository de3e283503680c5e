namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// A compound RTCP packet: RTCP packets back to back in one datagram (RFC 3550 §6.1). Only the last
/// may carry padding. Parsing never throws: a malformed packet fails the whole datagram.
/// </summary>
public static class RtcpCompoundPacket
{
    public static bool TryParse(ReadOnlySpan<byte> data, out List<IRtcpPacket> packets)
    {
        packets = [];
        var offset = 0;
        if (data.Length == 0)
        {
            return false;
        }

        while (offset < data.Length)
        {
            if (!RtcpHeader.TryParse(data[offset..], out var header))
            {
                return false;
            }

            var packet = data.Slice(offset, header.PacketLength);
            offset += header.PacketLength;
            if (header.Padding)
            {
                if (offset != data.Length || packet[^1] == 0 || packet[^1] > packet.Length - RtcpHeader.Length)
                {
                    return false;
                }

                packet = packet[..^packet[^1]];
            }

            if (!TryParseOne(header, packet, out var parsed))
            {
                return false;
            }

            packets.Add(parsed);
        }

        return true;
    }

    public static int GetSerializedSize(IReadOnlyList<IRtcpPacket> packets) => packets.Sum(p => p.GetSerializedSize());

    public static int WriteTo(IReadOnlyList<IRtcpPacket> packets, Span<byte> destination)
    {
        if (destination.Length < GetSerializedSize(packets))
        {
            throw new ArgumentException("Destination too small for the RTCP compound packet.", nameof(destination));
        }

        var offset = 0;
        foreach (var packet in packets)
        {
            offset += packet.WriteTo(destination[offset..]);
        }

        return offset;
    }

    public static byte[] ToArray(params IRtcpPacket[] packets)
    {
        var bytes = new byte[GetSerializedSize(packets)];
        WriteTo(packets, bytes);
        return bytes;
    }

    private static bool TryParseOne(RtcpHeader header, ReadOnlySpan<byte> packet, out IRtcpPacket parsed)
    {
        parsed = null!;
        var ok = false;
        switch (header.PacketType)
        {
            case RtcpPacketType.SenderReport:
                ok = SenderReport.TryParse(header, packet, out var sr);
                parsed = sr;
                break;
            case RtcpPacketType.ReceiverReport:
                ok = ReceiverReport.TryParse(header, packet, out var rr);
                parsed = rr;
                break;
            case RtcpPacketType.SourceDescription:
                ok = SourceDescription.TryParse(header, packet, out var sdes);
                parsed = sdes;
                break;
            case RtcpPacketType.Goodbye:
                ok = Goodbye.TryParse(header, packet, out var bye);
                parsed = bye;
                break;
            case RtcpPacketType.TransportFeedback when header.Count == GenericNack.Format:
                ok = GenericNack.TryParse(packet, out var nack);
                parsed = nack;
                break;
            case RtcpPacketType.PayloadFeedback when header.Count == PictureLossIndication.Format:
                ok = PictureLossIndication.TryParse(packet, out var pli);
                parsed = pli;
                break;
            default:
                parsed = new UnknownRtcpPacket(header.PacketType, header.Count, packet[RtcpHeader.Length..].ToArray());
                ok = true;
                break;
        }

        return ok;
    }
}
