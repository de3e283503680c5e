using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>
/// The RTP fixed header and the layout of one packet, read without allocating (RFC 3550 §5.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |   (when X)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct RtpHeader(
    bool Marker,
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    int CsrcCount,
    bool HasExtension,
    ushort ExtensionProfile,
    int ExtensionLength,
    int HeaderLength,
    int PaddingLength)
{
    public const int FixedLength = 12;
    public const byte Version = 2;

    /// <summary>Offset of the header extension's elements (after its 4-byte profile and length), when <see cref="HasExtension"/>.</summary>
    public int ExtensionOffset => HeaderLength - ExtensionLength;

    /// <summary>Offset of the payload in the packet.</summary>
    public int PayloadOffset => HeaderLength;

    /// <summary>Payload length in a packet of the given total length.</summary>
    public int PayloadLength(int packetLength) => packetLength - HeaderLength - PaddingLength;

    /// <summary>Reads the header and checks that CSRCs, extension and padding fit in the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength || packet[0] >> 6 != Version)
        {
            return false;
        }

        var csrcCount = packet[0] & 0x0F;
        var hasExtension = (packet[0] & 0x10) != 0;
        var hasPadding = (packet[0] & 0x20) != 0;
        var offset = FixedLength + (4 * csrcCount);
        ushort profile = 0;
        var extensionLength = 0;
        if (hasExtension)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += 4 + extensionLength;
        }

        if (packet.Length < offset)
        {
            return false;
        }

        var padding = 0;
        if (hasPadding)
        {
            padding = packet[^1];
            if (padding == 0 || packet.Length - offset < padding)
            {
                return false;
            }
        }

        header = new RtpHeader(
            (packet[1] & 0x80) != 0,
            (byte)(packet[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            csrcCount,
            hasExtension,
            profile,
            extensionLength,
            offset,
            padding);
        return true;
    }

    /// <summary>Writes a 12-byte header with no CSRC, extension or padding: the sending hot path.</summary>
    public static void WriteFixed(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        destination[0] = Version << 6;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
    }

    /// <summary>True when the first byte says RTP or RTCP (RFC 7983: 128-191).</summary>
    public static bool LooksLikeRtpOrRtcp(ReadOnlySpan<byte> data) => data.Length > 0 && data[0] is >= 128 and <= 191;

    /// <summary>RTCP packet types 192-223 occupy the second byte where RTP has M+PT (RFC 5761 §4).</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[1] is >= 192 and <= 223;
}
