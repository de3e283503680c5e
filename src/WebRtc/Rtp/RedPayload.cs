using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>One block of a RED payload: where its data sits in the payload and how far back in time it is.</summary>
public readonly record struct RedBlock(byte PayloadType, ushort TimestampOffset, int Offset, int Length);

/// <summary>
/// RTP payload for redundant audio data (RFC 2198), as libwebrtc uses it for Opus (<c>a=rtpmap:63 red/48000/2</c>,
/// <c>a=fmtp:63 111/111</c>): block headers, then the blocks' data, oldest first, the primary (newest) last.
/// A redundant block's header is four bytes, the primary's one:
/// <code>
///  0                   1                    2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |F|   block PT  |  timestamp offset         |   block length    |   F=1: more headers follow
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0|   block PT  |                                                   the primary's header, last
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class RedPayload
{
    /// <summary>A redundant block's length field is 10 bits.</summary>
    public const int MaxRedundantLength = 1023;

    /// <summary>The timestamp offset field is 14 bits.</summary>
    public const int MaxTimestampOffset = 16383;

    private const int RedundantHeaderLength = 4;

    /// <summary>
    /// Reads the block headers into <paramref name="blocks"/> (oldest first, the primary last); false when the
    /// payload is malformed (a block runs past the end) or has more blocks than <paramref name="blocks"/> holds.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, Span<RedBlock> blocks, out int count)
    {
        count = 0;
        var at = 0;
        var dataLength = 0;
        while (true)
        {
            if (at >= payload.Length || count >= blocks.Length)
            {
                return false;
            }

            var more = (payload[at] & 0x80) != 0;
            var payloadType = (byte)(payload[at] & 0x7F);
            if (!more)
            {
                at++;
                var primaryLength = payload.Length - at - dataLength;
                if (primaryLength < 0)
                {
                    return false;
                }

                var offset = at;
                for (var i = 0; i < count; i++)
                {
                    blocks[i] = blocks[i] with { Offset = offset };
                    offset += blocks[i].Length;
                }

                blocks[count++] = new RedBlock(payloadType, 0, offset, primaryLength);
                return true;
            }

            if (at + RedundantHeaderLength > payload.Length)
            {
                return false;
            }

            var word = BinaryPrimitives.ReadUInt32BigEndian(payload[at..]);
            var length = (int)(word & 0x3FF);
            blocks[count++] = new RedBlock(payloadType, (ushort)((word >> 10) & 0x3FFF), 0, length);
            dataLength += length;
            at += RedundantHeaderLength;
        }
    }

    /// <summary>The size of a payload with <paramref name="redundantLength"/> bytes of one redundant block (0: none) and the primary.</summary>
    public static int GetSerializedSize(int redundantLength, int primaryLength) =>
        (redundantLength > 0 ? RedundantHeaderLength + redundantLength : 0) + 1 + primaryLength;

    /// <summary>True when a block of this length and age can be carried as redundancy.</summary>
    public static bool CanCarry(int redundantLength, uint timestampOffset) =>
        redundantLength is > 0 and <= MaxRedundantLength && timestampOffset is > 0 and <= MaxTimestampOffset;

    /// <summary>
    /// Writes one redundant block (skipped when <paramref name="redundant"/> is empty) and the primary; returns the
    /// bytes written. <paramref name="primary"/> may overlap the end of <paramref name="destination"/>'s target range
    /// only if it lies after it: it is copied first, to its final place.
    /// </summary>
    public static int WriteTo(Span<byte> destination, byte payloadType, ReadOnlySpan<byte> redundant, uint timestampOffset, ReadOnlySpan<byte> primary)
    {
        if (redundant.Length > 0 && !CanCarry(redundant.Length, timestampOffset))
        {
            throw new ArgumentException("The redundant block is too long or too old for RED's header fields.", nameof(redundant));
        }

        var size = GetSerializedSize(redundant.Length, primary.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the RED payload.", nameof(destination));
        }

        primary.CopyTo(destination[(size - primary.Length)..]); // Span.CopyTo handles overlap like memmove
        var at = 0;
        if (redundant.Length > 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, 0x8000_0000u | ((uint)payloadType << 24) | (timestampOffset << 10) | (uint)redundant.Length);
            at = RedundantHeaderLength;
        }

        destination[at++] = payloadType;
        redundant.CopyTo(destination[at..]);
        return size;
    }
}
