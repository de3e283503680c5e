namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// One timer for every peer on the same clock and interval. A worker's thousand listeners each
/// had their own timer for consent and RTCP; a thousand timers cost a thousand thread-pool work
/// items per interval and a timer queue that scans them all on every fire (a fifth of a core for
/// silent listeners). Here they are one pass per interval on one thread.
/// </summary>
internal sealed class PeerTicker
{
    private static readonly object RegistryGate = new();
    private static readonly Dictionary<(TimeProvider Time, TimeSpan Interval), PeerTicker> Running = [];

    private readonly (TimeProvider Time, TimeSpan Interval) _key;
    private readonly ITimer _timer;
    private Action[] _ticks = [];
    private int _ticking;

    private PeerTicker((TimeProvider Time, TimeSpan Interval) key)
    {
        _key = key;
        _timer = key.Time.CreateTimer(_ => TickAll(), null, key.Interval, key.Interval);
    }

    /// <summary>Calls <paramref name="tick"/> every <paramref name="interval"/> until the result is disposed.</summary>
    public static IDisposable Subscribe(TimeProvider time, TimeSpan interval, Action tick)
    {
        lock (RegistryGate)
        {
            if (!Running.TryGetValue((time, interval), out var ticker))
            {
                ticker = new PeerTicker((time, interval));
                Running.Add((time, interval), ticker);
            }

            ticker._ticks = [.. ticker._ticks, tick];
            return new Subscription(ticker, tick);
        }
    }

    private void Unsubscribe(Action tick)
    {
        lock (RegistryGate)
        {
            var index = Array.IndexOf(_ticks, tick);
            if (index < 0)
            {
                return;
            }

            _ticks = [.. _ticks.AsSpan(0, index), .. _ticks.AsSpan(index + 1)];
            if (_ticks.Length == 0)
            {
                // The last peer on this clock left: stop the timer, so short-lived clocks (tests) leave nothing behind.
                Running.Remove(_key);
                _timer.Dispose();
            }
        }
    }

    private void TickAll()
    {
        // A pass that outlasts the interval must not run twice at once: the next fire is skipped instead.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var tick in Volatile.Read(ref _ticks))
            {
                try
                {
                    tick();
                }
#pragma warning disable CA1031 // one peer's failure must not stop every other peer's consent and reports
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private sealed class Subscription(PeerTicker ticker, Action tick) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ticker.Unsubscribe(tick);
            }
        }
    }
}
