namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// The viewers of one channel as its master's message allowance sees them: how many are connected now, and how many
/// connections have joined in all (each one brings the master a burst to answer it with). The hub writes them as
/// viewers come and go; the master's receive loop reads them at every message without a lock.
/// </summary>
public sealed class ChannelViewers
{
    private int _connected;
    private long _joined;

    public int Connected => Volatile.Read(ref _connected);

    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>A viewer connection joined; one that replaces the same client id's older connection adds no viewer.</summary>
    public void Joining(bool replacesOlder)
    {
        if (!replacesOlder)
        {
            Interlocked.Increment(ref _connected);
        }
        Interlocked.Increment(ref _joined);
    }

    public void Left() => Interlocked.Decrement(ref _connected);
}
