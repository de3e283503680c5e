using System.Threading.Channels;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.MediaWorker.Captions;

/// <summary>
/// Fans captions out to Server-Sent-Event subscribers. Each subscriber has a small bounded queue
/// that drops its oldest caption when it lags, so a slow reader never holds up the pipeline.
/// </summary>
public sealed class CaptionHub
{
    private readonly object _gate = new();
    private readonly List<Channel<CaptionEvent>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(CaptionEvent caption)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(caption);
            }
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<CaptionEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        });
    }

    public sealed class Subscription(ChannelReader<CaptionEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<CaptionEvent> Reader => reader;

        public void Dispose() => unsubscribe();
    }
}
