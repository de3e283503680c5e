namespace BroadcastOperator.WebRtc.Playout;

/// <summary>
/// The fastest transit of the last two windows (arrival minus media time): when the earliest frame could have come.
/// Windowed, so it follows the drift between the sender's clock and ours both ways. Pure; one caller at a time.
/// </summary>
internal struct MinimumTransit
{
    private static readonly double WindowMs = 2000;
    private double _current;
    private double _previous;
    private double _windowStartMs;
    private bool _any;

    public readonly double Milliseconds => Math.Min(_current, _previous);

    public void Add(double transitMs, double nowMs)
    {
        if (!_any)
        {
            _current = _previous = transitMs;
            _windowStartMs = nowMs;
            _any = true;
            return;
        }

        if (nowMs - _windowStartMs >= WindowMs)
        {
            _previous = _current;
            _current = transitMs;
            _windowStartMs = nowMs;
        }
        else
        {
            _current = Math.Min(_current, transitMs);
        }
    }

    public void Reset() => this = default;
}
