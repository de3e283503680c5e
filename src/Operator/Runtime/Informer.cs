using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>How an informer lists and watches one kind of object.</summary>
public sealed record InformerSource<T>(
    string Name,
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> List,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch)
    where T : IKubernetesObject<V1ObjectMeta>;

/// <summary>
/// List, then watch from the list's resourceVersion (with bookmarks, so a quiet watch still moves
/// its resourceVersion forward). A watch that ends is resumed from the last resourceVersion seen;
/// 410 Gone (the server compacted past it) re-lists, and the re-list reports objects that vanished
/// meanwhile as deleted. Handlers get (old, new) so they can filter.
/// </summary>
public sealed partial class Informer<T>(InformerSource<T> source, ILogger logger, Backoff? retry = null)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly Backoff _retry = retry ?? new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>(old or null, new) for every add and change.</summary>
    public event Action<T?, T>? Upserted;

    public event Action<T>? Deleted;

    /// <summary>Completes after the first list was delivered.</summary>
    public Task Synced => _synced.Task;

    /// <summary>How many times the informer had to list (1 + re-lists after 410 Gone).</summary>
    public int ListCount { get; private set; }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_cache)
        {
            return _cache.Values.ToList();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(cancellationToken);
                failures = 0;
                await WatchUntilGoneAsync(resourceVersion, cancellationToken);
                LogRelisting(logger, source.Name);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListFailed(logger, source.Name, e);
                await Task.Delay(_retry.Delay(++failures), cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await source.List(cancellationToken);
        ListCount++;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            seen.Add(ResourceKeys.Of(item));
            Apply(WatchEventType.Modified, item);
        }
        List<T> vanished;
        lock (_cache)
        {
            vanished = _cache.Where(p => !seen.Contains(p.Key)).Select(p => p.Value).ToList();
        }
        foreach (var item in vanished)
        {
            Apply(WatchEventType.Deleted, item);
        }
        _synced.TrySetResult();
        return resourceVersion;
    }

    /// <summary>Watches until the server says the resourceVersion is gone; resumes after anything else.</summary>
    private async Task WatchUntilGoneAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            var gone = false;
            try
            {
                await foreach (var (type, obj) in source.Watch(resourceVersion, e => gone |= IsGone(e), cancellationToken))
                {
                    failures = 0;
                    if (obj?.Metadata?.ResourceVersion is { Length: > 0 } version)
                    {
                        resourceVersion = version;
                    }
                    if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && obj is not null)
                    {
                        Apply(type, obj);
                    }
                }
            }
            catch (Exception e) when (IsGone(e))
            {
                gone = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A dropped connection: resume from where we were after a short pause.
                LogWatchFailed(logger, source.Name, e.Message);
                await Task.Delay(_retry.Delay(++failures), cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (gone)
            {
                return;
            }
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        var key = ResourceKeys.Of(obj);
        T? old;
        lock (_cache)
        {
            _cache.TryGetValue(key, out old);
            if (type == WatchEventType.Deleted)
            {
                _cache.Remove(key);
            }
            else
            {
                _cache[key] = obj;
            }
        }
        try
        {
            if (type == WatchEventType.Deleted)
            {
                Deleted?.Invoke(obj);
            }
            else
            {
                Upserted?.Invoke(old, obj);
            }
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, source.Name, e);
        }
    }

    private static bool IsGone(Exception e) => e switch
    {
        HttpOperationException http => http.Response?.StatusCode == HttpStatusCode.Gone,
        KubernetesException kube => kube.Status?.Code == (int)HttpStatusCode.Gone,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Informer}: resourceVersion gone, re-listing")]
    private static partial void LogRelisting(ILogger logger, string informer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Informer}: list failed")]
    private static partial void LogListFailed(ILogger logger, string informer, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Informer}: watch ended ({Reason}), resuming")]
    private static partial void LogWatchFailed(ILogger logger, string informer, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Informer}: event handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string informer, Exception exception);
}
