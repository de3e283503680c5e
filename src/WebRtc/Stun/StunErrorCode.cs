using System.Text;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// ERROR-CODE (RFC 8489 §14.8): class (hundreds) and number (0-99), then a UTF-8 reason.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct StunErrorCode(int Code, string Reason)
{
    public static readonly StunErrorCode BadRequest = new(400, "Bad Request");
    public static readonly StunErrorCode Unauthorized = new(401, "Unauthorized");
    public static readonly StunErrorCode UnknownAttribute = new(420, "Unknown Attribute");
    public static readonly StunErrorCode RoleConflict = new(487, "Role Conflict");

    public StunAttribute ToAttribute()
    {
        var reason = Encoding.UTF8.GetBytes(Reason);
        var value = new byte[4 + reason.Length];
        value[2] = (byte)(Code / 100);
        value[3] = (byte)(Code % 100);
        reason.CopyTo(value, 4);
        return new StunAttribute(StunAttributeType.ErrorCode, value);
    }

    public static bool TryDecode(ReadOnlySpan<byte> value, out StunErrorCode error)
    {
        error = default;
        if (value.Length < 4 || (value[2] & 0x07) is < 3 or > 6 || value[3] > 99)
        {
            return false;
        }

        error = new StunErrorCode(((value[2] & 0x07) * 100) + value[3], Encoding.UTF8.GetString(value[4..]));
        return true;
    }
}
