using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>
/// Turns one audio stream's frames into RTP packets: random initial sequence number and timestamp
/// (RFC 3550 §5.1), one frame a packet (Opus, RFC 7587), writing into a caller's buffer.
/// </summary>
public sealed class RtpPacketizer
{
    private ushort _sequenceNumber;
    private uint _timestamp;

    public RtpPacketizer(uint ssrc, byte payloadType, int clockRate = 48000)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
        ClockRate = clockRate;
        _sequenceNumber = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    public int ClockRate { get; }

    public ushort NextSequenceNumber => _sequenceNumber;

    /// <summary>Writes header and payload; returns the packet length. <paramref name="samples"/> advances the timestamp.</summary>
    public int Packetize(ReadOnlySpan<byte> payload, int samples, Span<byte> destination, bool marker = false)
    {
        var length = RtpHeader.FixedLength + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the RTP packet.", nameof(destination));
        }

        RtpHeader.WriteFixed(destination, marker, PayloadType, _sequenceNumber, _timestamp, Ssrc);
        payload.CopyTo(destination[RtpHeader.FixedLength..]);
        _sequenceNumber++;
        _timestamp += (uint)samples;
        return length;
    }
}
