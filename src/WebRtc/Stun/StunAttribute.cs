namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// One type-length-value attribute; the value is padded to a multiple of 4 on the wire (RFC 8489 §14).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record StunAttribute(ushort Type, byte[] Value)
{
    public const int HeaderLength = 4;

    /// <summary>Header plus value plus padding.</summary>
    public int GetSerializedSize() => HeaderLength + Padded(Value.Length);

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the STUN attribute.", nameof(destination));
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(destination, Type);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Value.Length);
        Value.CopyTo(destination[HeaderLength..]);
        destination[(HeaderLength + Value.Length)..size].Clear();
        return size;
    }

    public static int Padded(int length) => (length + 3) & ~3;

    public bool Equals(StunAttribute? other) =>
        other is not null && other.Type == Type && other.Value.AsSpan().SequenceEqual(Value);

    public override int GetHashCode() => HashCode.Combine(Type, Value.Length);
}
