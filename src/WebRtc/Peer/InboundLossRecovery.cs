using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// The receiving half of loss recovery for one peer: hands each Opus payload to the application once (it may come
/// directly, in a later RED packet's redundant block, and again as a NACK resend), unpacks RED, and, once NACK is on,
/// says which sequence numbers to ask the remote for. Apart from the peer so that it only unprotects and routes.
/// Packets come on the mux's receive thread; the NACK requests also from the peer's ticker, hence the lock.
/// </summary>
internal sealed class InboundLossRecovery
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly DeliveredWindow _delivered = new();
    private NackRequester? _requester;
    private uint _remoteMediaSsrc;

    /// <param name="origin">The peer's clock start (a timestamp of <paramref name="time"/>).</param>
    public InboundLossRecovery(TimeProvider time, long origin)
    {
        _time = time;
        _origin = origin;
    }

    /// <summary>Lost packets recovered from the redundant block of a later RED packet.</summary>
    public long PacketsRecoveredByRed { get; private set; }

    /// <summary>Sequence numbers asked of the remote.</summary>
    public long PacketsNacked => _requester?.Requested ?? 0;

    /// <summary>Starts noticing gaps to ask for: once the keys are in, where NACK was negotiated and we receive.</summary>
    public void StartNacking() => _requester = new NackRequester();

    /// <summary>One authenticated audio packet, Opus or RED (any other payload type is the caller's to refuse).</summary>
    public void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, byte opusPayloadType, RtpPayloadHandler? deliver)
    {
        _remoteMediaSsrc = header.Ssrc;
        if (header.PayloadType == opusPayloadType)
        {
            _ = Deliver(header, payload, deliver);
        }
        else
        {
            DeliverRed(header, payload, opusPayloadType, deliver);
        }
    }

    /// <summary>The NACK to send now for the gaps seen, from <paramref name="ourSsrc"/>; null when none is due or NACK is off.</summary>
    public GenericNack? TakeDueNack(uint ourSsrc)
    {
        if (_requester is not { } requester)
        {
            return null;
        }

        NackEntry[] entries;
        lock (requester)
        {
            entries = requester.Due(Now);
        }

        return entries.Length == 0 ? null : new GenericNack(ourSsrc, _remoteMediaSsrc, entries);
    }

    /// <summary>Hands one Opus payload to the application once, however many times it arrived.</summary>
    private bool Deliver(in RtpHeader header, ReadOnlySpan<byte> opus, RtpPayloadHandler? deliver)
    {
        if (!_delivered.TryMark(header.SequenceNumber))
        {
            return false;
        }

        if (_requester is { } requester)
        {
            lock (requester)
            {
                requester.OnReceived(header.SequenceNumber, Now);
            }
        }

        deliver?.Invoke(header, opus);
        return true;
    }

    /// <summary>
    /// The blocks of a RED packet, oldest first: a redundant block stands for the packet that many sequence numbers
    /// back (libwebrtc sends consecutive frames), delivered only when that packet was lost.
    /// </summary>
    private void DeliverRed(in RtpHeader header, ReadOnlySpan<byte> payload, byte opusPayloadType, RtpPayloadHandler? deliver)
    {
        Span<RedBlock> blocks = stackalloc RedBlock[8];
        if (!RedPayload.TryParse(payload, blocks, out var count))
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var block = blocks[i];
            if (block.PayloadType != opusPayloadType || block.Length == 0)
            {
                continue;
            }

            var back = count - 1 - i;
            var asSent = header with
            {
                PayloadType = opusPayloadType,
                SequenceNumber = (ushort)(header.SequenceNumber - back),
                Timestamp = header.Timestamp - block.TimestampOffset,
                Marker = back == 0 && header.Marker,
            };
            if (Deliver(asSent, payload.Slice(block.Offset, block.Length), deliver) && back > 0)
            {
                PacketsRecoveredByRed++;
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);
}
