namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>
/// Mutates DTLS datagrams the way a hostile or broken peer would: bit flips, cuts and extensions anywhere, and
/// extreme values written into the record header (epoch, sequence, length) and the handshake header
/// (type, length, message_seq, fragment_offset, fragment_length: RFC 6347 §4.2.2), where parsers trust lengths.
/// </summary>
internal sealed class DtlsMutator(Random random)
{
    private const int RecordHeader = 13;

    // Offsets inside one record: epoch, sequence, length, then msg_type, length, message_seq, fragment_offset, fragment_length.
    private static readonly (int Offset, int Size)[] Fields =
        [(3, 2), (5, 6), (11, 2), (13, 1), (14, 3), (17, 2), (19, 3), (22, 3)];

    public byte[] Mutate(byte[] datagram)
    {
        var mutated = (byte[])datagram.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (var i = random.Next(1, 6); i > 0 && mutated.Length > 0; i--)
                {
                    mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                }

                return mutated;
            case 1:
                return mutated[..random.Next(mutated.Length + 1)];
            case 2:
                var extended = new byte[mutated.Length + random.Next(1, 300)];
                mutated.CopyTo(extended, 0);
                random.NextBytes(extended.AsSpan(mutated.Length));
                return extended;
            case 3:
                // The first record repeated: a duplicated or overlapping fragment in one datagram.
                var first = Math.Min(mutated.Length, RecordHeader + (mutated.Length > 12 ? (mutated[11] << 8) | mutated[12] : 0));
                return [.. mutated, .. mutated[..first]];
            default:
                var (offset, size) = Fields[random.Next(Fields.Length)];
                if (offset + size <= mutated.Length)
                {
                    var value = random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => random.Next(256) };
                    for (var i = 0; i < size; i++)
                    {
                        mutated[offset + i] = (byte)(i == size - 1 && random.Next(2) == 0 ? random.Next(256) : value);
                    }
                }

                return mutated;
        }
    }
}
