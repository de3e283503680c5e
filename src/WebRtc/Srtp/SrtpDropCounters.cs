namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// Packets a context refused, by reason. Written by the packet thread, readable from any thread
/// (metrics), hence the interlocked increments.
/// </summary>
public sealed class SrtpDropCounters
{
    private long _malformed;
    private long _replayed;
    private long _authenticationFailed;

    public long Malformed => Volatile.Read(ref _malformed);

    public long Replayed => Volatile.Read(ref _replayed);

    public long AuthenticationFailed => Volatile.Read(ref _authenticationFailed);

    public long Total => Malformed + Replayed + AuthenticationFailed;

    internal SrtpStatus Count(SrtpStatus status)
    {
        switch (status)
        {
            case SrtpStatus.Malformed:
                Interlocked.Increment(ref _malformed);
                break;
            case SrtpStatus.Replayed:
                Interlocked.Increment(ref _replayed);
                break;
            case SrtpStatus.AuthenticationFailed:
                Interlocked.Increment(ref _authenticationFailed);
                break;
        }

        return status;
    }
}
