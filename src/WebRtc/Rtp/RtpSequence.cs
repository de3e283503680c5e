namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>Serial-number arithmetic for 16-bit sequence numbers and 32-bit timestamps (RFC 1982 style).</summary>
public static class RtpSequence
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in -32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/>, across wrap-around.</summary>
    public static bool IsNewer(ushort a, ushort b) => Distance(b, a) > 0;

    /// <summary>True when timestamp <paramref name="a"/> comes after <paramref name="b"/>, across wrap-around.</summary>
    public static bool IsNewerTimestamp(uint a, uint b) => (int)(a - b) > 0;
}
