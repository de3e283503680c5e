using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>Typed reads and writes of the attributes ICE uses, on top of the raw attribute list.</summary>
public static class StunMessageAttributes
{
    public static StunMessage AddUsername(this StunMessage message, string username) =>
        message.Add(StunAttributeType.Username, Encoding.UTF8.GetBytes(username));

    public static StunMessage AddSoftware(this StunMessage message, string software) =>
        message.Add(StunAttributeType.Software, Encoding.UTF8.GetBytes(software));

    public static StunMessage AddPriority(this StunMessage message, uint priority)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        return message.Add(StunAttributeType.Priority, value);
    }

    public static StunMessage AddUseCandidate(this StunMessage message) =>
        message.Add(StunAttributeType.UseCandidate, []);

    public static StunMessage AddIceControlling(this StunMessage message, ulong tieBreaker) =>
        message.Add(StunAttributeType.IceControlling, TieBreakerBytes(tieBreaker));

    public static StunMessage AddIceControlled(this StunMessage message, ulong tieBreaker) =>
        message.Add(StunAttributeType.IceControlled, TieBreakerBytes(tieBreaker));

    public static StunMessage AddXorMappedAddress(this StunMessage message, IPEndPoint endPoint) =>
        message.Add(XorMappedAddress.Create(endPoint, message.TransactionId));

    public static StunMessage AddErrorCode(this StunMessage message, StunErrorCode error) =>
        message.Add(error.ToAttribute());

    public static string? GetUsername(this StunMessage message) => GetString(message, StunAttributeType.Username);

    public static string? GetSoftware(this StunMessage message) => GetString(message, StunAttributeType.Software);

    public static uint? GetPriority(this StunMessage message) =>
        message.Find(StunAttributeType.Priority) is { Value.Length: 4 } a ? BinaryPrimitives.ReadUInt32BigEndian(a.Value) : null;

    public static bool HasUseCandidate(this StunMessage message) => message.Has(StunAttributeType.UseCandidate);

    public static ulong? GetIceControlling(this StunMessage message) => GetTieBreaker(message, StunAttributeType.IceControlling);

    public static ulong? GetIceControlled(this StunMessage message) => GetTieBreaker(message, StunAttributeType.IceControlled);

    public static IPEndPoint? GetXorMappedAddress(this StunMessage message) =>
        message.Find(StunAttributeType.XorMappedAddress) is { } a && XorMappedAddress.TryDecode(a.Value, message.TransactionId, out var ep)
            ? ep
            : null;

    public static StunErrorCode? GetErrorCode(this StunMessage message) =>
        message.Find(StunAttributeType.ErrorCode) is { } a && StunErrorCode.TryDecode(a.Value, out var e) ? e : null;

    private static string? GetString(StunMessage message, ushort type)
    {
        if (message.Find(type) is not { } attribute)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(attribute.Value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static ulong? GetTieBreaker(StunMessage message, ushort type) =>
        message.Find(type) is { Value.Length: 8 } a ? BinaryPrimitives.ReadUInt64BigEndian(a.Value) : null;

    private static byte[] TieBreakerBytes(ulong tieBreaker)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, tieBreaker);
        return value;
    }
}
