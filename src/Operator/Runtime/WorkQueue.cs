namespace BroadcastOperator.Operator.Runtime;

/// <summary>
/// A keyed work queue after client-go's: a key waits at most once however often it is added; a key
/// being processed is never handed to a second worker, and if it was added meanwhile it comes back
/// once the first worker is done. Failures back off per key with jitter until <see cref="Forget"/>.
/// A key waits for at most one delayed add, the soonest (client-go's delaying queue does the same):
/// otherwise each failure that overlaps a pending retry would start a second retry chain, and a
/// conflict storm would multiply the request rate instead of backing it off.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _available = new(0);
    private readonly Backoff _backoff;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DelayedAdd> _waiting = new(StringComparer.Ordinal);
    private bool _disposed;

    public WorkQueue(Backoff backoff, TimeProvider? time = null)
    {
        _backoff = backoff;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Keys waiting (not counting those being processed).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_disposed || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }
            _queue.Enqueue(key);
        }
        _available.Release();
    }

    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return; // it comes back sooner anyway
                }
                pending.Timer?.Dispose();
            }
            var added = new DelayedAdd(due);
            _waiting[key] = added;
            added.Timer = _time.CreateTimer(_ => Fire(key, added), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Keys waiting for a delayed add (a retry or a requeue-after).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    private void Fire(string key, DelayedAdd added)
    {
        lock (_gate)
        {
            // Taking the gate also waits until AddAfter has stored the timer.
            if (!_waiting.TryGetValue(key, out var current) || current != added)
            {
                return; // replaced by a sooner add, or the queue was disposed
            }
            _waiting.Remove(key);
            added.Timer?.Dispose();
        }
        Add(key);
    }

    /// <summary>Adds the key after its backoff delay, which grows with each failure.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }
        var delay = _backoff.Delay(failures);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count after a success.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(string key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>The next key; the caller must call <see cref="Done"/> with it.</summary>
    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key) || _disposed)
            {
                return;
            }
            _queue.Enqueue(key);
        }
        _available.Release();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var added in _waiting.Values)
            {
                added.Timer?.Dispose();
            }
            _waiting.Clear();
        }
    }

    private sealed class DelayedAdd(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; } = due;

        public ITimer? Timer { get; set; }
    }
}
