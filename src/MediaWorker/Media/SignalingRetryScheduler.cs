using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>A message the worker sends on a signaling channel; <paramref name="Owner"/> tells the sender which peer it was for.</summary>
public sealed record SignalingSend(string Action, string PayloadJson, string RecipientClientId, object? Owner = null);

/// <summary>
/// Keeps what a signaling master sends until it is delivered or given up. Every send carries a new
/// correlation id, so the service names it in a STATUS_RESPONSE if it refuses it; KVS is silent on
/// success. A retryable refusal (throttling) is sent again after a backoff with jitter, as often as
/// the message's lifetime allows, then given up; a final refusal gives the message up at once. Both
/// are counted, and <c>onAbandoned</c> hears of every message given up. A message not refused within
/// its lifetime, or whose recipient <see cref="Forget">connected</see>, is presumed delivered. Whatever
/// is still pending when the connection is replaced goes again on the new one.
/// </summary>
/// <remarks>
/// Backoffs run on one timer, never on the caller: the signaling read loop only hands refusals in.
/// Not Polly's retry: that re-runs a call whose outcome the call returns, whereas here a send's outcome
/// arrives later as another message (or never, on success) and a reconnect re-sends everything pending.
/// </remarks>
public sealed class SignalingRetryScheduler : IDisposable
{
    /// <summary>Sends one message with this correlation id on the current connection.</summary>
    public delegate Task Sender(SignalingSend send, string correlationId);

    private readonly string _language;
    private readonly SignalingRetryOptions _options;
    private readonly TimeProvider _time;
    private readonly WorkerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Action<SignalingSend, string>? _onAbandoned;
    private readonly Random _random;
    private readonly long _origin;
    private readonly string _correlationPrefix;
    private readonly object _gate = new();
    private readonly List<Entry> _entries = []; // oldest first, which is also earliest deadline first
    private readonly Dictionary<string, Entry> _byCorrelation = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private Sender? _sender;
    private long _sequence;
    private long _retries;
    private long _refusals;
    private long _givenUp;
    private bool _disposed;

    public SignalingRetryScheduler(string language, SignalingRetryOptions options, TimeProvider time, WorkerMetrics metrics, ILogger logger,
        Action<SignalingSend, string>? onAbandoned = null, Random? random = null)
    {
        _language = language;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _onAbandoned = onAbandoned;
        _random = random ?? new Random();
        _origin = time.GetTimestamp();
        _correlationPrefix = "w" + Convert.ToHexStringLower(BitConverter.GetBytes(_random.Next())) + ".";
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Messages kept: sent and not yet presumed delivered, waiting out a backoff, or waiting for a connection.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Messages sent again (after a refusal or on a new connection).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long Refusals => Interlocked.Read(ref _refusals);

    public long GivenUp => Interlocked.Read(ref _givenUp);

    /// <summary>Sends the message now if connected (else on the next connection) and keeps it for its lifetime.</summary>
    public void Send(SignalingSend send)
    {
        List<Action> after = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            if (_entries.Count >= Math.Max(1, _options.Capacity))
            {
                var oldest = _entries[0];
                Remove(oldest);
                if (oldest.State != EntryState.InFlight)
                {
                    GiveUp(oldest, "too many pending messages", after);
                }
            }
            var entry = new Entry(send, Now + _options.Lifetime);
            _entries.Add(entry);
            Transmit(entry, after, retry: false);
            Reschedule();
        }
        Run(after);
    }

    /// <summary>
    /// Handles a STATUS_RESPONSE. Returns false when it names no message kept here (one presumed
    /// delivered, given up, or never sent by this scheduler).
    /// </summary>
    public bool OnStatus(StatusResponse status)
    {
        List<Action> after = [];
        lock (_gate)
        {
            if (_disposed || !_byCorrelation.Remove(status.CorrelationId, out var entry))
            {
                return false;
            }
            entry.CorrelationId = null;
            var reason = SignalingRefusal.Reason(status);
            Interlocked.Increment(ref _refusals);
            _metrics.SignalingRefused(_language, reason);
            if (!SignalingRefusal.IsRetryable(status))
            {
                Remove(entry);
                GiveUp(entry, $"{status.ErrorType} {status.StatusCode}: {status.Description}", after);
            }
            else
            {
                entry.Refusals++;
                var delay = Backoff(entry.Refusals);
                // Leave room for a refusal of the last send to come back before the lifetime ends.
                if (Now + delay + _options.FirstDelay > entry.Deadline)
                {
                    Remove(entry);
                    GiveUp(entry, $"still {status.ErrorType} after {entry.Refusals} tries", after);
                }
                else
                {
                    entry.State = EntryState.Waiting;
                    entry.DueAt = Now + delay;
                    SignalingRetryLog.Refused(_logger, entry.Send.Action, entry.Send.RecipientClientId, _language, status.ErrorType, delay.TotalMilliseconds);
                }
            }
            Reschedule();
        }
        Run(after);
        return true;
    }

    /// <summary>
    /// Lets go of what was sent to this recipient (of this owner, if given): it connected, so it has
    /// the message, or it left and no longer needs it.
    /// </summary>
    public void Forget(string recipientClientId, object? owner = null)
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Where(e => e.Send.RecipientClientId == recipientClientId && (owner is null || e.Send.Owner == owner)).ToList())
            {
                Remove(entry);
            }
            Reschedule();
        }
    }

    /// <summary>
    /// A connection is open: what is pending and not waiting out a backoff is sent (again) on it.
    /// A message sent on the previous connection may never have left it. An answer reaches a viewer
    /// whose peer connection still waits for one; one that already had it ignores the copy (the
    /// official SDK's setRemoteDescription fails on a stable connection and leaves it as it was).
    /// </summary>
    public void Connected(Sender sender)
    {
        List<Action> after = [];
        lock (_gate)
        {
            _sender = sender;
            foreach (var entry in _entries.Where(e => e.State is EntryState.Unsent or EntryState.InFlight).ToList())
            {
                Transmit(entry, after, retry: entry.Attempts > 0);
            }
            Reschedule();
        }
        Run(after);
    }

    /// <summary>The connection is gone: sends wait for the next one.</summary>
    public void Disconnected()
    {
        lock (_gate)
        {
            _sender = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _sender = null;
            _entries.Clear();
            _byCorrelation.Clear();
        }
        _timer.Dispose();
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Equal jitter: between half and all of min(max, first · 2^(n-1)), so retries of a crowd spread out.</summary>
    private TimeSpan Backoff(int refusals)
    {
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(refusals - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + _random.NextDouble() * ceiling / 2);
    }

    /// <summary>Under the lock: gives the entry a new correlation id and queues its send, or leaves it for the next connection.</summary>
    private void Transmit(Entry entry, List<Action> after, bool retry)
    {
        if (entry.CorrelationId is { } previous)
        {
            _byCorrelation.Remove(previous);
            entry.CorrelationId = null;
        }
        if (_sender is not { } sender)
        {
            entry.State = EntryState.Unsent;
            return;
        }
        var correlationId = _correlationPrefix + (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        entry.CorrelationId = correlationId;
        entry.State = EntryState.InFlight;
        entry.Attempts++;
        _byCorrelation[correlationId] = entry;
        if (retry)
        {
            Interlocked.Increment(ref _retries);
            _metrics.SignalingRetried(_language);
        }
        after.Add(() => _ = SendAsync(sender, entry, correlationId));
    }

    private async Task SendAsync(Sender sender, Entry entry, string correlationId)
    {
        try
        {
            await sender(entry.Send, correlationId).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The connection is closing: the next one sends it again.
            SignalingRetryLog.SendFailed(_logger, entry.Send.Action, entry.Send.RecipientClientId, _language, e.Message);
            lock (_gate)
            {
                if (entry.CorrelationId == correlationId)
                {
                    _byCorrelation.Remove(correlationId);
                    entry.CorrelationId = null;
                    entry.State = EntryState.Unsent;
                }
            }
        }
    }

    private void OnTimer()
    {
        List<Action> after = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var now = Now;
            foreach (var entry in _entries.ToList())
            {
                if (now >= entry.Deadline)
                {
                    Remove(entry);
                    if (entry.State == EntryState.InFlight)
                    {
                        SignalingRetryLog.PresumedDelivered(_logger, entry.Send.Action, entry.Send.RecipientClientId, _language);
                    }
                    else
                    {
                        GiveUp(entry, entry.State == EntryState.Unsent ? "no signaling connection" : "lifetime over", after);
                    }
                }
                else if (entry.State == EntryState.Waiting && now >= entry.DueAt)
                {
                    Transmit(entry, after, retry: true);
                }
            }
            Reschedule();
        }
        Run(after);
    }

    /// <summary>Under the lock: the timer wakes for the next backoff or lifetime to end.</summary>
    private void Reschedule()
    {
        if (_disposed)
        {
            return;
        }
        TimeSpan? next = null;
        foreach (var entry in _entries)
        {
            var at = entry.State == EntryState.Waiting && entry.DueAt < entry.Deadline ? entry.DueAt : entry.Deadline;
            if (next is null || at < next)
            {
                next = at;
            }
        }
        // Never zero: a due-now timer may fire on this very thread, inside the lock.
        _timer.Change(next is { } due ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (due - Now).Ticks)) : Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry);
        if (entry.CorrelationId is { } correlationId)
        {
            _byCorrelation.Remove(correlationId);
            entry.CorrelationId = null;
        }
    }

    private void GiveUp(Entry entry, string why, List<Action> after)
    {
        Interlocked.Increment(ref _givenUp);
        _metrics.SignalingGivenUp(_language);
        SignalingRetryLog.GaveUp(_logger, entry.Send.Action, entry.Send.RecipientClientId, _language, entry.Attempts, why);
        if (_onAbandoned is { } onAbandoned)
        {
            after.Add(() => onAbandoned(entry.Send, why));
        }
    }

    private static void Run(List<Action> actions)
    {
        foreach (var action in actions)
        {
            action();
        }
    }

    private enum EntryState
    {
        /// <summary>No connection to send it on yet.</summary>
        Unsent,

        /// <summary>Sent; a refusal may still come back.</summary>
        InFlight,

        /// <summary>Refused; sent again at DueAt.</summary>
        Waiting,
    }

    private sealed class Entry(SignalingSend send, TimeSpan deadline)
    {
        public SignalingSend Send { get; } = send;
        public TimeSpan Deadline { get; } = deadline;
        public EntryState State { get; set; }
        public TimeSpan DueAt { get; set; }
        public string? CorrelationId { get; set; }
        public int Attempts { get; set; }
        public int Refusals { get; set; }
    }
}
