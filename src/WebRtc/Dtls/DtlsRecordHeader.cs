using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// The 13-byte DTLS record header (RFC 6347 §4.1), for demultiplexing and diagnostics; the
/// handshake itself is BouncyCastle's.
/// <code>
///  0        1        2        3        4        5 ...   10       11       12
/// | type   | version (FE FD) | epoch           | sequence number (48) | length          |
/// </code>
/// </summary>
public readonly record struct DtlsRecordHeader(
    DtlsContentType ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    public const int Size = 13;
    public const ushort Dtls10 = 0xFEFF;
    public const ushort Dtls12 = 0xFEFD;
    public const ulong MaxSequenceNumber = (1UL << 48) - 1;

    /// <summary>RFC 7983: a UDP datagram whose first byte is 20..63 is DTLS.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] is >= 20 and <= 63;

    /// <summary>
    /// Parses a record header: a known content type, a DTLS version (major byte 0xFE), 13 bytes present.
    /// The fragment may be shorter than <see cref="Length"/>; <see cref="IsComplete"/> says whether it is whole.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out DtlsRecordHeader header)
    {
        header = default;
        if (data.Length < Size || !Enum.IsDefined((DtlsContentType)data[0]) || data[1] != 0xFE)
        {
            return false;
        }

        var sequenceNumber = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
        header = new DtlsRecordHeader(
            (DtlsContentType)data[0],
            BinaryPrimitives.ReadUInt16BigEndian(data[1..]),
            BinaryPrimitives.ReadUInt16BigEndian(data[3..]),
            sequenceNumber,
            BinaryPrimitives.ReadUInt16BigEndian(data[11..]));
        return true;
    }

    /// <summary>True when <paramref name="data"/> (starting at this header) holds the whole fragment.</summary>
    public bool IsComplete(ReadOnlySpan<byte> data) => data.Length >= Size + Length;

    public int GetSerializedSize() => Size;

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A DTLS record header needs {Size} bytes.", nameof(destination));
        }

        if (SequenceNumber > MaxSequenceNumber)
        {
            throw new InvalidOperationException("A DTLS sequence number has 48 bits.");
        }

        destination[0] = (byte)ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
    }
}
