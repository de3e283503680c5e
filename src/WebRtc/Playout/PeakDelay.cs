namespace BroadcastOperator.WebRtc.Playout;

/// <summary>
/// The largest delay over the fastest transit in the last two windows: the spikes a mean like the RFC 3550 jitter
/// smooths away (a sender or network stalling now and then). Windowed, so a spike long past stops counting.
/// Pure; one caller at a time.
/// </summary>
internal struct PeakDelay
{
    private const double WindowMs = 2000;
    private double _current;
    private double _previous;
    private double _windowStartMs;
    private bool _any;

    public readonly double Milliseconds => Math.Max(_current, _previous);

    public void Add(double delayMs, double nowMs)
    {
        if (!_any || nowMs - _windowStartMs >= WindowMs)
        {
            _previous = _any ? _current : 0;
            _current = delayMs;
            _windowStartMs = nowMs;
            _any = true;
            return;
        }

        _current = Math.Max(_current, delayMs);
    }

    public void Reset() => this = default;
}
