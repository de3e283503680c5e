namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Spaces requests at most <c>rate</c> per second across every caller sharing the instance (Polly allows 8
/// SynthesizeSpeech requests/s per account, so all sessions of a worker share <see cref="Polly"/>).
/// </summary>
public sealed class RequestRateLimiter
{
    private readonly TimeSpan _interval;
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private long _nextSlot;

    public RequestRateLimiter(double perSecond, TimeProvider? time = null)
    {
        _interval = TimeSpan.FromSeconds(1 / perSecond);
        _time = time ?? TimeProvider.System;
        _nextSlot = _time.GetTimestamp();
    }

    public static RequestRateLimiter Polly { get; } = new(8);

    /// <summary>Waits for this caller's slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + (long)(_interval.TotalSeconds * _time.TimestampFrequency);
            wait = _time.GetElapsedTime(now, slot);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
