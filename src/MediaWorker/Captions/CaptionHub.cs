using System.Threading.Channels;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.MediaWorker.Captions;

/// <summary>
/// Fans captions out to Server-Sent-Event subscribers. Each subscriber has a small bounded queue
/// that drops its oldest caption when it lags, so a slow reader never holds up the pipeline. Audio quality hints
/// go the same way on a queue of their own; a new subscriber gets the standing hint at once.
/// </summary>
public sealed class CaptionHub
{
    private readonly object _gate = new();
    private readonly List<Channel<CaptionEvent>> _subscribers = [];
    private readonly List<Channel<AudioQualityHint>> _hintSubscribers = [];
    private AudioQualityHint? _hint;

    /// <summary>The standing audio quality hint, null before the first.</summary>
    public AudioQualityHint? Hint
    {
        get
        {
            lock (_gate)
            {
                return _hint;
            }
        }
    }

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

    public void PublishHint(AudioQualityHint hint)
    {
        lock (_gate)
        {
            _hint = hint;
            foreach (var subscriber in _hintSubscribers)
            {
                subscriber.Writer.TryWrite(hint);
            }
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<CaptionEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var hints = Channel.CreateBounded<AudioQualityHint>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
            _hintSubscribers.Add(hints);
            if (_hint is not null)
            {
                hints.Writer.TryWrite(_hint);
            }
        }
        return new Subscription(channel.Reader, hints.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
                _hintSubscribers.Remove(hints);
            }
        });
    }

    public sealed class Subscription(ChannelReader<CaptionEvent> reader, ChannelReader<AudioQualityHint> hints, Action unsubscribe) : IDisposable
    {
        public ChannelReader<CaptionEvent> Reader => reader;

        /// <summary>Audio quality hints: the standing one first, then each change.</summary>
        public ChannelReader<AudioQualityHint> Hints => hints;

        public void Dispose() => unsubscribe();
    }
}
