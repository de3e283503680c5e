using System.Collections.Concurrent;

namespace BroadcastOperator.Deployment.Tests.Pages;

/// <summary>One session of <see cref="FakeSessionApi"/>: its channel, the languages asked for, who joined.</summary>
public sealed class FakeSession(string id, string channelArn, string sourceLanguage, IReadOnlyList<string> targetLanguages)
{
    private readonly ConcurrentDictionary<string, int> _listeners = new();
    private int _joined;
    private int _deleted;

    public string Id => id;

    public string ChannelArn => channelArn;

    public string SourceLanguage => sourceLanguage;

    public IReadOnlyList<string> TargetLanguages => targetLanguages;

    public IEnumerable<string> ServedLanguages => targetLanguages.Prepend(sourceLanguage);

    public bool Deleted => _deleted == 1;

    public int ListenerCount => _listeners.Values.Sum();

    public int ListenersOf(string language) => _listeners.GetValueOrDefault(language);

    public int Join(string language)
    {
        _listeners.AddOrUpdate(language, 1, (_, n) => n + 1);
        return Interlocked.Increment(ref _joined);
    }

    public bool MarkDeleted() => Interlocked.Exchange(ref _deleted, 1) == 0;
}
