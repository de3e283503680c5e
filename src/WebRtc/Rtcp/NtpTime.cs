namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>64-bit NTP timestamps for sender reports: seconds since 1900 and a 32-bit fraction.</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTime(DateTimeOffset time)
    {
        var elapsed = time - Epoch;
        var seconds = (ulong)elapsed.Ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ulong)elapsed.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
