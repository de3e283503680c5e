using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// A STUN message (RFC 8489 §5): a 20-byte header and attributes.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Integrity and fingerprint are added when writing (<see cref="StunSigning"/>) and checked on a
/// parsed message against the exact bytes received.
/// </summary>
public sealed class StunMessage
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdLength = 12;

    private byte[]? _received;
    private readonly List<int> _receivedOffsets = [];

    public StunMessage(StunMessageType type, byte[] transactionId)
    {
        if (transactionId.Length != TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        Type = type;
        TransactionId = transactionId;
    }

    public StunMessageType Type { get; }

    public byte[] TransactionId { get; }

    /// <summary>Attributes in wire order (a parsed message includes its integrity and fingerprint attributes).</summary>
    public List<StunAttribute> Attributes { get; } = [];

    public static byte[] NewTransactionId() => RandomNumberGenerator.GetBytes(TransactionIdLength);

    /// <summary>True when the first bytes look like STUN: top bits zero and the magic cookie.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && (data[0] & 0xC0) == 0 && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = null!;
        if (!LooksLikeStun(data))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || HeaderLength + length != data.Length)
        {
            return false;
        }

        var parsed = new StunMessage(
            StunMessageType.FromWire(BinaryPrimitives.ReadUInt16BigEndian(data)),
            data.Slice(8, TransactionIdLength).ToArray());
        var offset = HeaderLength;
        while (offset < data.Length)
        {
            if (data.Length - offset < StunAttribute.HeaderLength)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var padded = StunAttribute.Padded(valueLength);
            if (data.Length - offset - StunAttribute.HeaderLength < padded)
            {
                return false;
            }

            if (parsed.Attributes.Count > 0 && parsed.Attributes[^1].Type == StunAttributeType.Fingerprint)
            {
                return false; // FINGERPRINT must be last (RFC 8489 §14.7).
            }

            var value = data.Slice(offset + StunAttribute.HeaderLength, valueLength).ToArray();
            parsed.Attributes.Add(new StunAttribute(type, value));
            parsed._receivedOffsets.Add(offset);
            offset += StunAttribute.HeaderLength + padded;
        }

        parsed._received = data.ToArray();
        message = parsed;
        return true;
    }

    public StunAttribute? Find(ushort type) => Attributes.Find(a => a.Type == type);

    public bool Has(ushort type) => Attributes.Exists(a => a.Type == type);

    public StunMessage Add(StunAttribute attribute)
    {
        Attributes.Add(attribute);
        return this;
    }

    public StunMessage Add(ushort type, byte[] value) => Add(new StunAttribute(type, value));

    public int GetSerializedSize(StunSigning signing = default)
    {
        var size = HeaderLength;
        foreach (var attribute in Attributes)
        {
            size += attribute.GetSerializedSize();
        }

        return size + signing.TrailerLength;
    }

    /// <summary>Writes the message, then the integrity and fingerprint attributes that <paramref name="signing"/> asks for.</summary>
    public int WriteTo(Span<byte> destination, StunSigning signing = default)
    {
        var total = GetSerializedSize(signing);
        if (destination.Length < total)
        {
            throw new ArgumentException("Destination too small for the STUN message.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, Type.ToWire());
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MagicCookie);
        TransactionId.CopyTo(destination[8..]);
        var offset = HeaderLength;
        foreach (var attribute in Attributes)
        {
            offset += attribute.WriteTo(destination[offset..]);
        }

        if (signing.IntegrityKey is { } key)
        {
            offset = signing.UseSha256
                ? MessageIntegrity.AppendSha256(destination, offset, key)
                : MessageIntegrity.AppendSha1(destination, offset, key);
        }

        if (signing.AddFingerprint)
        {
            offset = StunFingerprint.Append(destination, offset);
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset - HeaderLength));
        return offset;
    }

    public byte[] ToArray(StunSigning signing = default)
    {
        var bytes = new byte[GetSerializedSize(signing)];
        WriteTo(bytes, signing);
        return bytes;
    }

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1) of a parsed message; false when absent or wrong.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        IndexOfReceived(StunAttributeType.MessageIntegrity) is var i and >= 0
        && MessageIntegrity.VerifySha1(_received!, _receivedOffsets[i], Attributes[i].Value, key);

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256 of a parsed message; false when absent or wrong.</summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        IndexOfReceived(StunAttributeType.MessageIntegritySha256) is var i and >= 0
        && MessageIntegrity.VerifySha256(_received!, _receivedOffsets[i], Attributes[i].Value, key);

    /// <summary>Checks whichever integrity attribute is present, preferring SHA-256.</summary>
    public bool VerifyAnyIntegrity(ReadOnlySpan<byte> key) =>
        Has(StunAttributeType.MessageIntegritySha256) ? VerifyMessageIntegritySha256(key) : VerifyMessageIntegrity(key);

    /// <summary>True when a parsed message ends with a correct FINGERPRINT.</summary>
    public bool HasValidFingerprint() =>
        IndexOfReceived(StunAttributeType.Fingerprint) is var i and >= 0
        && StunFingerprint.Verify(_received!, _receivedOffsets[i], Attributes[i].Value);

    private int IndexOfReceived(ushort type) =>
        _received is null ? -1 : Attributes.FindIndex(a => a.Type == type);
}
