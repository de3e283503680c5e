using BroadcastOperator.Signaling.Options;

namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// The message rate limit of one connection. A viewer's is the base <see cref="MessageAllowance"/>. A master's is
/// recomputed at every message from its channel's <see cref="ChannelViewers"/> (two reads, no allocation), and every
/// viewer that joins adds its share of burst at once, so a master can answer a crowd that joins in the same second.
/// </summary>
public sealed class ConnectionRateLimit
{
    private readonly SignalingOptions _options;
    private readonly ChannelViewers? _viewers;
    private readonly TokenBucket _bucket;
    private long _joinsCounted;

    private ConnectionRateLimit(SignalingOptions options, ChannelViewers? viewers, TimeProvider time)
    {
        _options = options;
        _viewers = viewers;
        _joinsCounted = viewers?.Joined ?? 0;
        _bucket = new TokenBucket(Allowance.Burst, time);
    }

    public static ConnectionRateLimit ForViewer(SignalingOptions options, TimeProvider time) => new(options, null, time);

    public static ConnectionRateLimit ForMaster(SignalingOptions options, ChannelViewers viewers, TimeProvider time) =>
        new(options, viewers, time);

    public MessageAllowance Allowance =>
        _viewers is null ? MessageAllowance.ForViewer(_options) : MessageAllowance.ForMaster(_options, _viewers.Connected);

    /// <summary>Whether one more message may go now (it is counted if so).</summary>
    public bool TryTake()
    {
        if (_viewers is not null)
        {
            var joined = _viewers.Joined;
            if (joined != _joinsCounted)
            {
                _bucket.Add((joined - _joinsCounted) * (double)_options.MasterMessageBurstPerViewer);
                _joinsCounted = joined;
            }
        }
        return _bucket.TryTake(Allowance);
    }
}
