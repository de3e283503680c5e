namespace BroadcastOperator.WebRtc.Playout;

/// <summary>
/// RFC 3550 §6.4.1 interarrival jitter: J += (|D| − J) / 16, D the difference between two packets' spacing on arrival
/// and their spacing in RTP time; kept in milliseconds. Pure; one caller at a time.
/// </summary>
internal struct InterarrivalJitter
{
    private double _lastTransitMs;
    private bool _any;

    public double Milliseconds { get; private set; }

    /// <summary>Adds a packet's transit (arrival minus media time, any fixed offset) in milliseconds.</summary>
    public void Add(double transitMs)
    {
        if (_any)
        {
            Milliseconds += (Math.Abs(transitMs - _lastTransitMs) - Milliseconds) / 16;
        }

        _lastTransitMs = transitMs;
        _any = true;
    }

    public void Reset() => this = default;
}
