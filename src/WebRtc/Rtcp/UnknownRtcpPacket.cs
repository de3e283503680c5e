namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>Any packet we do not interpret (APP, XR, other feedback formats), kept as its header fields and body.</summary>
public sealed record UnknownRtcpPacket(byte PacketType, int Count, byte[] Body) : IRtcpPacket
{
    public int GetSerializedSize() => RtcpHeader.Length + ((Body.Length + 3) & ~3);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Count, PacketType, size);
        Body.CopyTo(destination[RtcpHeader.Length..]);
        destination[(RtcpHeader.Length + Body.Length)..size].Clear();
        return size;
    }

    public bool Equals(UnknownRtcpPacket? other) =>
        other is not null && other.PacketType == PacketType && other.Count == Count && other.Body.AsSpan().SequenceEqual(Body);

    public override int GetHashCode() => HashCode.Combine(PacketType, Count);
}
