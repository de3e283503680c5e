using System.Buffers.Binary;
using BroadcastOperator.WebRtc.Rtcp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// The sending half of loss recovery for one peer: makes each fresh packet RED (when negotiated), keeps it for NACKs
/// (when negotiated) and answers a remote's NACK with the packets still held. Apart from the peer so that it only
/// protects and sends; used under the peer's send lock.
/// </summary>
internal sealed class OutboundLossRecovery
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly RedSender? _red;
    private readonly RetransmissionBuffer? _sent;
    private readonly byte[]? _resendBuffer; // only where NACK was negotiated: a listener's memory is the fan-out's budget
    private readonly int _srtpRoom;

    private OutboundLossRecovery(int? redPayloadType, bool nack, TimeProvider time, long origin, int srtpRoom)
    {
        _time = time;
        _origin = origin;
        _srtpRoom = srtpRoom;
        _red = redPayloadType is { } red ? new RedSender((byte)red) : null;
        _sent = nack ? new RetransmissionBuffer() : null;
        _resendBuffer = nack ? new byte[1500] : null;
    }

    /// <summary>Packets sent again because the remote NACKed them.</summary>
    public long PacketsRetransmitted { get; private set; }

    /// <summary>Whether NACKs are answered (NACK negotiated).</summary>
    public bool Resends => _sent is not null;

    /// <summary>
    /// What a peer that sends needs against loss; null when neither RED nor NACK was negotiated, so a plain peer does
    /// nothing per packet. <paramref name="origin"/> is the peer's clock start; <paramref name="srtpRoom"/> the bytes a
    /// packet's buffer keeps free for the SRTP tag.
    /// </summary>
    public static OutboundLossRecovery? For(int? redPayloadType, bool nack, TimeProvider time, long origin, int srtpRoom) =>
        redPayloadType is null && !nack ? null : new OutboundLossRecovery(redPayloadType, nack, time, origin, srtpRoom);

    /// <summary>
    /// Turns the fresh RTP packet in <paramref name="buffer"/> into what goes out (RED) and keeps that for NACKs; returns
    /// its length. <paramref name="buffer"/> excludes the SRTP room.
    /// </summary>
    public int OnSending(Span<byte> buffer, int length)
    {
        if (_red is { } red)
        {
            length = red.Wrap(buffer, length);
        }

        _sent?.Store(buffer[..length], BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]), Now.Ticks);
        return length;
    }

    /// <summary>
    /// Sends again each packet of <paramref name="nack"/> still held and not resent within
    /// <see cref="RetransmissionBuffer.MinResendInterval"/>; <paramref name="protectAndSend"/> protects the packet in
    /// place and sends it (a static lambda with <paramref name="state"/>, so answering allocates nothing).
    /// </summary>
    public void Resend<TState>(GenericNack nack, TState state, Func<TState, byte[], int, bool> protectAndSend)
    {
        if (_sent is null || _resendBuffer is null)
        {
            return;
        }

        foreach (var sequenceNumber in nack.LostSequenceNumbers())
        {
            if (_sent.TryTake(sequenceNumber, Now.Ticks, RetransmissionBuffer.MinResendInterval.Ticks, _resendBuffer.AsSpan(0, _resendBuffer.Length - _srtpRoom), out var length)
                && protectAndSend(state, _resendBuffer, length))
            {
                PacketsRetransmitted++;
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);
}
