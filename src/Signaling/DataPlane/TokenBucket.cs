namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// A token bucket whose rate and size are given at each take, so they may change from one message to the next (a
/// master's grow and shrink with its viewers). Used by one reader at a time; allocates nothing.
/// </summary>
public sealed class TokenBucket(double initialTokens, TimeProvider time)
{
    private double _tokens = initialTokens;
    private long _lastTimestamp = time.GetTimestamp();

    /// <summary>Adds tokens at once (kept up to the bucket's size at the next take).</summary>
    public void Add(double tokens) => _tokens += tokens;

    public bool TryTake(MessageAllowance allowance)
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(allowance.Burst, _tokens + time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * allowance.Rate);
        _lastTimestamp = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
