namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>A token bucket: <c>rate</c> tokens a second, at most <c>burst</c> saved up. Used by one reader at a time.</summary>
public sealed class TokenBucket(double rate, int burst, TimeProvider time)
{
    private double _tokens = burst;
    private long _lastTimestamp = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * rate);
        _lastTimestamp = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
