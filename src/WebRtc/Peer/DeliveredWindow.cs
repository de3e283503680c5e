namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// The last 64 sequence numbers handed to the application, so a packet that arrives twice (recovered from RED, then
/// retransmitted after a NACK, or duplicated by the network) is played once. Older packets are refused: too late to play.
/// </summary>
internal sealed class DeliveredWindow
{
    private long _highest = -1;
    private ulong _seen;

    /// <summary>True the first time a sequence number is seen within the window.</summary>
    public bool TryMark(ushort sequenceNumber)
    {
        if (_highest < 0)
        {
            _highest = sequenceNumber + 65536L;
            _seen = 1;
            return true;
        }

        var index = _highest + (short)(sequenceNumber - (ushort)_highest);
        if (index > _highest)
        {
            var shift = index - _highest;
            _seen = shift >= 64 ? 1 : (_seen << (int)shift) | 1;
            _highest = index;
            return true;
        }

        var back = _highest - index;
        var bit = back < 64 ? 1UL << (int)back : 0;
        if (bit == 0 || (_seen & bit) != 0)
        {
            return false;
        }

        _seen |= bit;
        return true;
    }
}
