namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// The most recent changes, oldest first, bounded: a watch may resume from any resourceVersion
/// still covered, and gets 410 Gone for one older than what was evicted (etcd's compaction).
/// </summary>
internal sealed class EventLog(int capacity)
{
    private readonly Queue<WatchEvent> _events = new();

    /// <summary>Highest resourceVersion whose event is no longer kept.</summary>
    public long CompactedThrough { get; private set; }

    public void Append(WatchEvent change)
    {
        _events.Enqueue(change);
        while (_events.Count > capacity)
        {
            CompactedThrough = _events.Dequeue().ResourceVersion;
        }
    }

    /// <summary>Forgets everything up to <paramref name="resourceVersion"/>, as if it had been compacted.</summary>
    public void CompactThrough(long resourceVersion)
    {
        while (_events.Count > 0 && _events.Peek().ResourceVersion <= resourceVersion)
        {
            _events.Dequeue();
        }
        CompactedThrough = Math.Max(CompactedThrough, resourceVersion);
    }

    public IEnumerable<WatchEvent> After(long resourceVersion) => _events.Where(e => e.ResourceVersion > resourceVersion);
}
