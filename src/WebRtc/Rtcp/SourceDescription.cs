using System.Buffers.Binary;
using System.Text;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>One SDES item: type (1 = CNAME) and UTF-8 text of at most 255 bytes.</summary>
public sealed record SdesItem(byte Type, string Text)
{
    public const byte CName = 1;
}

/// <summary>One SDES chunk: an SSRC and its items.</summary>
public sealed record SdesChunk(uint Ssrc, SdesItem[] Items)
{
    /// <summary>SSRC, items, the terminating null octet, padded to 4 bytes.</summary>
    public int GetSerializedSize() => (4 + Items.Sum(i => 2 + Encoding.UTF8.GetByteCount(i.Text)) + 1 + 3) & ~3;

    public bool Equals(SdesChunk? other) => other is not null && other.Ssrc == Ssrc && other.Items.SequenceEqual(Items);

    public override int GetHashCode() => Ssrc.GetHashCode();
}

/// <summary>
/// SDES (RFC 3550 §6.5): chunks of (SSRC, items), each chunk ended by a zero octet and padded to 32 bits.
/// <code>
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// |                          SSRC/CSRC_1                          |
/// |                           SDES items                          |
/// </code>
/// </summary>
public sealed record SourceDescription(SdesChunk[] Chunks) : IRtcpPacket
{
    public byte PacketType => RtcpPacketType.SourceDescription;

    public static bool TryParse(RtcpHeader header, ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = null!;
        var chunks = new SdesChunk[header.Count];
        var offset = RtcpHeader.Length;
        for (var c = 0; c < chunks.Length; c++)
        {
            if (packet.Length - offset < 4)
            {
                return false;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]);
            offset += 4;
            var items = new List<SdesItem>();
            while (true)
            {
                if (offset >= packet.Length)
                {
                    return false;
                }

                if (packet[offset] == 0)
                {
                    offset = (offset + 4) & ~3; // the null octet, then padding to the next word
                    break;
                }

                if (packet.Length - offset < 2 || packet.Length - offset - 2 < packet[offset + 1])
                {
                    return false;
                }

                items.Add(new SdesItem(packet[offset], Encoding.UTF8.GetString(packet.Slice(offset + 2, packet[offset + 1]))));
                offset += 2 + packet[offset + 1];
            }

            chunks[c] = new SdesChunk(ssrc, [.. items]);
        }

        description = new SourceDescription(chunks);
        return offset <= packet.Length;
    }

    public int GetSerializedSize() => RtcpHeader.Length + Chunks.Sum(c => c.GetSerializedSize());

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        RtcpHeader.Write(destination, Chunks.Length, PacketType, size);
        var offset = RtcpHeader.Length;
        foreach (var chunk in Chunks)
        {
            var end = offset + chunk.GetSerializedSize();
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], chunk.Ssrc);
            offset += 4;
            foreach (var item in chunk.Items)
            {
                var text = Encoding.UTF8.GetBytes(item.Text);
                if (text.Length > 255 || item.Type == 0)
                {
                    throw new InvalidOperationException("SDES items need a non-zero type and at most 255 bytes of text.");
                }

                destination[offset] = item.Type;
                destination[offset + 1] = (byte)text.Length;
                text.CopyTo(destination[(offset + 2)..]);
                offset += 2 + text.Length;
            }

            destination[offset..end].Clear();
            offset = end;
        }

        return size;
    }

    public bool Equals(SourceDescription? other) => other is not null && other.Chunks.SequenceEqual(Chunks);

    public override int GetHashCode() => Chunks.Length;
}
