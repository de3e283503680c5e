using System.Buffers.Binary;

namespace BroadcastOperator.MediaWorker.Archive.Ogg;

/// <summary>
/// One Ogg page (RFC 3533 §6) holding whole packets only (an archive never splits a packet across pages).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// | capture_pattern: "OggS"                                       |
/// | version (0)   | header_type   | granule_position (int64 LE) ...
/// ...                             | bitstream_serial_number     ...
/// ...                             | page_sequence_number        ...
/// ...                             | CRC_checksum                ...
/// ...                             | page_segments | segment_table ...
/// </code>
/// Each packet is laced as ⌊len/255⌋ values of 255 and one value len mod 255 (0 when len is a multiple of 255),
/// so a page holds at most 255 lacing values.
/// </summary>
public readonly record struct OggPage(byte HeaderType, long GranulePosition, uint Serial, uint Sequence, IReadOnlyList<ReadOnlyMemory<byte>> Packets)
{
    public const byte Continued = 0x01;
    public const byte BeginningOfStream = 0x02;
    public const byte EndOfStream = 0x04;
    public const int HeaderSize = 27;
    public const int MaxLacingValues = 255;

    /// <summary>Lacing values a packet of this length needs.</summary>
    public static int LacingValues(int packetLength) => packetLength / 255 + 1;

    public int GetSerializedSize() => HeaderSize + Packets.Sum(p => LacingValues(p.Length)) + Packets.Sum(p => p.Length);

    /// <summary>Writes the page with its checksum; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var segments = Packets.Sum(p => LacingValues(p.Length));
        if (segments > MaxLacingValues)
        {
            throw new InvalidOperationException($"a page holds at most {MaxLacingValues} lacing values, not {segments}");
        }
        var size = GetSerializedSize();
        if (destination.Length < size)
        {
            throw new ArgumentException($"the page needs {size} bytes", nameof(destination));
        }
        var page = destination[..size];
        "OggS"u8.CopyTo(page);
        page[4] = 0;
        page[5] = HeaderType;
        BinaryPrimitives.WriteInt64LittleEndian(page[6..], GranulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page[14..], Serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], 0);
        page[26] = (byte)segments;
        var lacing = HeaderSize;
        var body = HeaderSize + segments;
        foreach (var packet in Packets)
        {
            for (var left = packet.Length; ; left -= 255)
            {
                page[lacing++] = (byte)Math.Min(left, 255);
                if (left < 255)
                {
                    break;
                }
            }
            packet.Span.CopyTo(page[body..]);
            body += packet.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.Compute(page));
        return size;
    }

    /// <summary>Reads one page of whole packets (as this writer makes them); false on anything malformed or a bad checksum.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out OggPage page, out int consumed)
    {
        page = default;
        consumed = 0;
        if (source.Length < HeaderSize || !source[..4].SequenceEqual("OggS"u8) || source[4] != 0)
        {
            return false;
        }
        int segments = source[26];
        if (source.Length < HeaderSize + segments)
        {
            return false;
        }
        var lacing = source.Slice(HeaderSize, segments);
        var bodyLength = 0;
        foreach (var value in lacing)
        {
            bodyLength += value;
        }
        var size = HeaderSize + segments + bodyLength;
        if (source.Length < size)
        {
            return false;
        }
        var copy = source[..size].ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(22), 0);
        if (OggCrc.Compute(copy) != BinaryPrimitives.ReadUInt32LittleEndian(source[22..]))
        {
            return false;
        }
        var packets = new List<ReadOnlyMemory<byte>>();
        var start = HeaderSize + segments;
        var length = 0;
        foreach (var value in lacing)
        {
            length += value;
            if (value < 255)
            {
                packets.Add(copy.AsMemory(start, length));
                start += length;
                length = 0;
            }
        }
        page = new OggPage(source[5], BinaryPrimitives.ReadInt64LittleEndian(source[6..]), BinaryPrimitives.ReadUInt32LittleEndian(source[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[18..]), packets);
        consumed = size;
        return true;
    }
}
