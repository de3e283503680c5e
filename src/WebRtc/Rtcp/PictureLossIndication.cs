using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// PLI (RFC 4585 §6.3.1): payload-specific feedback, PT=206, FMT=1, no FCI. Meaningless for audio,
/// but browsers may send it and it must parse.
/// </summary>
public sealed record PictureLossIndication(uint SenderSsrc, uint MediaSsrc) : IRtcpPacket
{
    public const int Format = 1;
    private const int Size = RtcpHeader.Length + 8;

    public byte PacketType => RtcpPacketType.PayloadFeedback;

    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = null!;
        if (packet.Length < Size)
        {
            return false;
        }

        pli = new PictureLossIndication(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        return true;
    }

    public int GetSerializedSize() => Size;

    public int WriteTo(Span<byte> destination)
    {
        RtcpHeader.Write(destination, Format, PacketType, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        return Size;
    }
}
