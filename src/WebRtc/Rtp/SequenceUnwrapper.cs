namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>Extends 16-bit sequence numbers to a monotonic 64-bit count (rollovers × 65536 + seq).</summary>
public sealed class SequenceUnwrapper
{
    private long? _last;

    public long Unwrap(ushort sequenceNumber)
    {
        if (_last is not { } last)
        {
            _last = sequenceNumber;
            return sequenceNumber;
        }

        var unwrapped = last + RtpSequence.Distance((ushort)last, sequenceNumber);
        if (unwrapped > last)
        {
            _last = unwrapped;
        }

        return unwrapped;
    }
}
