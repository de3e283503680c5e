using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// One watcher's queue. The store offers every change under its lock (so order holds); the
/// subscription turns changes that cross its filter into ADDED/DELETED as a real server does,
/// and ends the watch (the client re-lists) rather than block the store when the reader lags.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly ObjectFilter _filter;
    private readonly Channel<WatchEvent> _channel;
    private readonly Action<WatchSubscription> _unsubscribe;

    internal WatchSubscription(ObjectFilter filter, int capacity, Action<WatchSubscription> unsubscribe)
    {
        _filter = filter;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The store's resourceVersion when the watch started (for the first bookmark).</summary>
    public long StartedAt { get; internal set; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal void Offer(WatchEvent change)
    {
        var nowMatches = _filter.Matches(change.Key, change.Object);
        var matchedBefore = change.Previous is not null && _filter.Matches(change.Key, change.Previous);
        var translated = change.Type switch
        {
            WatchEvent.Modified when nowMatches && !matchedBefore => change with { Type = WatchEvent.Added },
            WatchEvent.Modified when !nowMatches && matchedBefore => change with { Type = WatchEvent.Deleted },
            WatchEvent.Modified when nowMatches => change,
            WatchEvent.Deleted when nowMatches || matchedBefore => change,
            WatchEvent.Added when nowMatches => change,
            _ => null,
        };
        if (translated is not null && !_channel.Writer.TryWrite(translated))
        {
            _channel.Writer.TryComplete(new InvalidOperationException("watcher fell too far behind"));
        }
    }

    /// <summary>Queues the BOOKMARK that tells a watch-list client its initial objects are all sent.</summary>
    internal void OfferInitialStateEnd(long resourceVersion)
    {
        var marker = new WatchEvent(WatchEvent.Bookmark, resourceVersion, new ObjectKey(_filter.Type.Key, "", ""), new JsonObject(), null);
        if (!_channel.Writer.TryWrite(marker))
        {
            _channel.Writer.TryComplete(new InvalidOperationException("watcher fell too far behind"));
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
