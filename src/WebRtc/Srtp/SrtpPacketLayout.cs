using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// Just enough RTP/RTCP parsing for SRTP: where the RTP header ends, and the SSRC fields.
/// <code>
///  0                   1                   2                   3
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |                             SSRC                              |
/// |                  CSRC list (CC * 4 bytes)                     |
/// |   extension profile (if X)    |   extension length (words)    |
/// </code>
/// </summary>
internal static class SrtpPacketLayout
{
    public const int MinimumRtpHeaderLength = 12;
    public const int RtcpHeaderLength = 8;

    /// <summary>Length of the RTP header including CSRCs and extension; false when malformed.</summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < MinimumRtpHeaderLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = MinimumRtpHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static ushort ReadSequenceNumber(ReadOnlySpan<byte> rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);

    public static uint ReadRtpSsrc(ReadOnlySpan<byte> rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]);

    /// <summary>True when the packet starts like RTCP (version 2, at least the 8-byte header).</summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpHeaderLength && packet[0] >> 6 == 2;

    public static uint ReadRtcpSenderSsrc(ReadOnlySpan<byte> rtcp) => BinaryPrimitives.ReadUInt32BigEndian(rtcp[4..]);
}
