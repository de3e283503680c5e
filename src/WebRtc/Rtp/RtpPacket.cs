using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>
/// A whole RTP packet as values (CSRCs, header extension, payload, padding). Tests, tools and the
/// receive path use it; the send path writes <see cref="RtpHeader.WriteFixed"/> straight into its buffer.
/// </summary>
public sealed class RtpPacket
{
    public bool Marker { get; init; }

    public byte PayloadType { get; init; }

    public ushort SequenceNumber { get; init; }

    public uint Timestamp { get; init; }

    public uint Ssrc { get; init; }

    public uint[] Csrcs { get; init; } = [];

    /// <summary>Header extension profile (0xBEDE for one-byte, 0x1000 for two-byte); ignored when <see cref="Extension"/> is null.</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Header extension body, a multiple of 4 bytes; null when the X bit is clear.</summary>
    public byte[]? Extension { get; init; }

    public byte[] Payload { get; init; } = [];

    /// <summary>Padding bytes at the end, including the count byte; 0 for none.</summary>
    public int PaddingLength { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = null!;
        if (!RtpHeader.TryParse(data, out var header))
        {
            return false;
        }

        var csrcs = new uint[header.CsrcCount];
        for (var i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(data[(RtpHeader.FixedLength + (4 * i))..]);
        }

        var extensionStart = RtpHeader.FixedLength + (4 * header.CsrcCount) + 4;
        packet = new RtpPacket
        {
            Marker = header.Marker,
            PayloadType = header.PayloadType,
            SequenceNumber = header.SequenceNumber,
            Timestamp = header.Timestamp,
            Ssrc = header.Ssrc,
            Csrcs = csrcs,
            ExtensionProfile = header.ExtensionProfile,
            Extension = header.HasExtension ? data.Slice(extensionStart, header.ExtensionLength).ToArray() : null,
            Payload = data.Slice(header.HeaderLength, header.PayloadLength(data.Length)).ToArray(),
            PaddingLength = header.PaddingLength,
        };
        return true;
    }

    public int GetSerializedSize() =>
        RtpHeader.FixedLength + (4 * Csrcs.Length) + (Extension is null ? 0 : 4 + Extension.Length) + Payload.Length + PaddingLength;

    public int WriteTo(Span<byte> destination)
    {
        var size = GetSerializedSize();
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the RTP packet.", nameof(destination));
        }

        if (Csrcs.Length > 15 || PaddingLength > 255 || Extension is { Length: var e } && (e % 4 != 0 || e / 4 > ushort.MaxValue))
        {
            throw new InvalidOperationException("RTP packet fields out of range (≤15 CSRCs, padding ≤255, extension a multiple of 4).");
        }

        RtpHeader.WriteFixed(destination, Marker, PayloadType, SequenceNumber, Timestamp, Ssrc);
        destination[0] |= (byte)((PaddingLength > 0 ? 0x20 : 0) | (Extension is null ? 0 : 0x10) | Csrcs.Length);
        var offset = RtpHeader.FixedLength;
        foreach (var csrc in Csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (Extension is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], ExtensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(Extension.Length / 4));
            Extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + Extension.Length;
        }

        Payload.CopyTo(destination[offset..]);
        offset += Payload.Length;
        if (PaddingLength > 0)
        {
            destination.Slice(offset, PaddingLength - 1).Clear();
            destination[offset + PaddingLength - 1] = (byte)PaddingLength;
            offset += PaddingLength;
        }

        return offset;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[GetSerializedSize()];
        WriteTo(bytes);
        return bytes;
    }
}
