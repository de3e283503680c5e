namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// Counts the speaker's RTP packets that arrived and those missing by sequence number (RFC 3550 §A.3's extended
/// sequence, simplified): a small forward jump is loss, a late or repeated packet is neither, and a large jump is a
/// new stream (the speaker reconnected), not loss. One caller at a time (the receive thread).
/// </summary>
public sealed class SequenceGapCounter
{
    private const int MaxGap = 100;
    private int _last = -1;

    /// <summary>The packets lost just before this one (0 when none or when it starts a new stream).</summary>
    public int Observe(ushort sequence)
    {
        var previous = _last;
        if (previous < 0)
        {
            _last = sequence;
            return 0;
        }

        var delta = (ushort)(sequence - previous);
        if (delta == 0 || delta > ushort.MaxValue / 2)
        {
            return 0; // repeated or late: it was counted lost already, or never
        }

        _last = sequence;
        return delta <= MaxGap ? delta - 1 : 0;
    }

    /// <summary>The next packet starts a new stream (a new speaker peer).</summary>
    public void Reset() => _last = -1;
}
