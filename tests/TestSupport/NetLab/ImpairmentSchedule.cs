namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// Decides each datagram's fate under an <see cref="Impairment"/>: lost, or the delays after which its copies
/// arrive. Pure apart from its seeded random source, so tests can check the schedule without sockets.
/// Not thread-safe: one schedule per direction, called from one thread.
/// </summary>
public sealed class ImpairmentSchedule
{
    private readonly Impairment _impairment;
    private readonly Random _random;
    private bool _inBurst;
    private TimeSpan _linkFreeAt;

    public ImpairmentSchedule(Impairment impairment)
    {
        _impairment = impairment;
        _random = new Random(impairment.Seed);
    }

    /// <summary>
    /// The delays (from <paramref name="now"/>) at which copies of a datagram of <paramref name="length"/> bytes
    /// arrive: none when lost, two when duplicated.
    /// </summary>
    public IReadOnlyList<TimeSpan> Decide(int length, TimeSpan now)
    {
        // Every draw happens for every datagram, so changing one setting does not shift the others' choices.
        var lossDraw = _random.NextDouble() * 100;
        var burstDraw = _random.NextDouble();
        var jitterDraw = _random.NextDouble();
        var reorderDraw = _random.NextDouble() * 100;
        var duplicateDraw = _random.NextDouble() * 100;
        var duplicateJitterDraw = _random.NextDouble();

        if (_impairment.Bursts is { } bursts)
        {
            _inBurst = _inBurst ? burstDraw >= bursts.BadToGood : burstDraw < bursts.GoodToBad;
            if (_inBurst)
            {
                return [];
            }
        }

        if (lossDraw < _impairment.LossPercent)
        {
            return [];
        }

        var queueing = TimeSpan.Zero;
        if (_impairment.RateBitsPerSecond > 0)
        {
            var start = _linkFreeAt > now ? _linkFreeAt : now;
            queueing = start - now;
            if (queueing > _impairment.MaxQueueDelay)
            {
                return []; // the queue is full: tail drop
            }

            _linkFreeAt = start + TimeSpan.FromSeconds(length * 8.0 / _impairment.RateBitsPerSecond);
        }

        var delay = _impairment.Delay + queueing + (_impairment.Jitter * jitterDraw);
        if (reorderDraw < _impairment.ReorderPercent)
        {
            delay += _impairment.ReorderDelay;
        }

        return duplicateDraw < _impairment.DuplicatePercent
            ? [delay, delay + (_impairment.Jitter * duplicateJitterDraw)]
            : [delay];
    }
}
