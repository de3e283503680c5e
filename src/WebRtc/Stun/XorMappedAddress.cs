using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the port is XORed with the top 16 bits of the magic cookie,
/// an IPv4 address with the cookie, an IPv6 address with the cookie followed by the transaction id.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class XorMappedAddress
{
    private const byte FamilyV4 = 0x01;
    private const byte FamilyV6 = 0x02;

    public static StunAttribute Create(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var value = new byte[v6 ? 20 : 8];
        value[1] = v6 ? FamilyV6 : FamilyV4;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (StunMessage.MagicCookie >> 16)));
        address.TryWriteBytes(value.AsSpan(4), out _);
        ApplyXor(value.AsSpan(4), transactionId);
        return new StunAttribute(StunAttributeType.XorMappedAddress, value);
    }

    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (value.Length < 8 || transactionId.Length != StunMessage.TransactionIdLength)
        {
            return false;
        }

        var addressLength = value[1] switch { FamilyV4 => 4, FamilyV6 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunMessage.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[addressLength];
        value[4..].CopyTo(address);
        ApplyXor(address, transactionId);
        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    private static void ApplyXor(Span<byte> address, ReadOnlySpan<byte> transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }
    }
}
