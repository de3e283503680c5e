namespace BroadcastOperator.WebRtc.Stun;

/// <summary>
/// A STUN message type: a 12-bit method interleaved with the 2 class bits (RFC 8489 §5).
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    public static readonly StunMessageType BindingRequest = new(StunMethod.Binding, StunClass.Request);
    public static readonly StunMessageType BindingSuccess = new(StunMethod.Binding, StunClass.SuccessResponse);
    public static readonly StunMessageType BindingError = new(StunMethod.Binding, StunClass.ErrorResponse);
    public static readonly StunMessageType BindingIndication = new(StunMethod.Binding, StunClass.Indication);

    /// <summary>The 14-bit wire value.</summary>
    public ushort ToWire()
    {
        var m = (int)Method & 0x0FFF;
        var c = (int)Class;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static StunMessageType FromWire(ushort value)
    {
        var m = (value & 0x000F) | ((value >> 1) & 0x0070) | ((value >> 2) & 0x0F80);
        var c = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType((StunMethod)m, (StunClass)c);
    }

    public override string ToString() => $"{Method} {Class}";
}
