namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>One packet of an RTCP compound packet.</summary>
public interface IRtcpPacket
{
    byte PacketType { get; }

    /// <summary>Whole packet including the header; a multiple of 4.</summary>
    int GetSerializedSize();

    int WriteTo(Span<byte> destination);
}
