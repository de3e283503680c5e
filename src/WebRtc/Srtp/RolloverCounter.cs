namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// Works out the 48-bit SRTP packet index (ROC * 2^16 + SEQ) of a packet from its 16-bit sequence
/// number and the highest index seen so far (RFC 3711 §3.3.1 and appendix A): the candidate whose
/// sequence number lies within half the sequence space of the highest one.
/// </summary>
internal static class RolloverCounter
{
    private const int HalfSequenceSpace = 0x8000;

    /// <summary>
    /// False when the guess would need a rollover counter below 0 or above 2^32 - 1: the packet
    /// predates the stream, or the key is exhausted.
    /// </summary>
    public static bool TryEstimateIndex(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long roc = (long)(highestIndex >> 16);
        int highestSequence = (ushort)highestIndex;
        long guess = roc;
        if (highestSequence < HalfSequenceSpace)
        {
            if (sequenceNumber - highestSequence > HalfSequenceSpace)
            {
                guess = roc - 1;
            }
        }
        else if (highestSequence - HalfSequenceSpace > sequenceNumber)
        {
            guess = roc + 1;
        }

        if (guess is < 0 or > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequenceNumber;
        return true;
    }
}
