using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// Turns this peer's outgoing Opus packets into RED packets in place, each carrying the previous frame as one
/// redundant block (what libwebrtc sends for audio), so one lost packet is recovered from the next. Per peer because
/// a listener's previous packet is the one it was sent; used under the peer's send lock.
/// </summary>
internal sealed class RedSender
{
    private readonly byte _redPayloadType;
    private byte[] _previous = new byte[RedPayload.MaxRedundantLength];
    private byte[] _current = new byte[RedPayload.MaxRedundantLength];
    private int _previousLength;
    private uint _previousTimestamp;

    public RedSender(byte redPayloadType) => _redPayloadType = redPayloadType;

    /// <summary>Rewrites the RTP packet in <paramref name="buffer"/>; returns its new length (the old one when it cannot be wrapped).</summary>
    public int Wrap(Span<byte> buffer, int length)
    {
        if (!RtpHeader.TryParse(buffer[..length], out var header) || header.PaddingLength > 0)
        {
            return length; // a padded packet goes out as it is: RED has no room for padding in its blocks
        }

        var primary = buffer.Slice(header.PayloadOffset, header.PayloadLength(length));
        var offset = header.Timestamp - _previousTimestamp;
        var redundant = _previousLength > 0 && RedPayload.CanCarry(_previousLength, offset) ? _previous.AsSpan(0, _previousLength) : [];
        var size = RedPayload.GetSerializedSize(redundant.Length, primary.Length);
        if (header.PayloadOffset + size > buffer.Length)
        {
            return length;
        }

        var keep = primary.Length <= _current.Length;
        if (keep)
        {
            primary.CopyTo(_current);
        }

        RedPayload.WriteTo(buffer[header.PayloadOffset..], header.PayloadType, redundant, offset, primary);
        buffer[1] = (byte)((buffer[1] & 0x80) | _redPayloadType);
        (_previous, _current) = (_current, _previous);
        _previousLength = keep ? primary.Length : 0;
        _previousTimestamp = header.Timestamp;
        return header.PayloadOffset + size;
    }
}
