using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>SHA-1's message padding (FIPS 180-4 §5.1.1): 0x80, zeros, then the bit length, to a block boundary.</summary>
internal static class Sha1Padding
{
    /// <summary>Room <see cref="WriteFinalBlocks"/> may need: two blocks.</summary>
    public const int MaxFinalLength = 2 * Sha1State.BlockLength;

    /// <summary>
    /// Writes the last block or two of a message into <paramref name="destination"/>: the bytes
    /// after its last whole block (<paramref name="remainder"/>, under 64) followed by the padding
    /// for a message of <paramref name="totalLength"/> bytes. Returns the bytes written (64 or 128).
    /// </summary>
    public static int WriteFinalBlocks(ReadOnlySpan<byte> remainder, long totalLength, Span<byte> destination)
    {
        var length = remainder.Length + 1 + sizeof(ulong) <= Sha1State.BlockLength ? Sha1State.BlockLength : MaxFinalLength;
        var final = destination[..length];
        remainder.CopyTo(final);
        final[remainder.Length] = 0x80;
        final[(remainder.Length + 1)..^sizeof(ulong)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(final[^sizeof(ulong)..], (ulong)totalLength * 8);
        return length;
    }
}
