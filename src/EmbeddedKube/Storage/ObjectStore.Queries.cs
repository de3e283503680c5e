using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Selectors;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>What a list or watch asks for: one resource, maybe one namespace, selectors.</summary>
public sealed record ObjectFilter(ResourceType Type, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Matches(ObjectKey key, JsonObject obj) =>
        key.TypeKey == Type.Key
        && (Namespace is null || key.Namespace == Namespace)
        && Labels.Matches(Meta.Labels(obj))
        && Fields.Matches(obj);
}

public sealed record ListPage(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

public sealed partial class ObjectStore
{
    private readonly EventLog _log;
    private readonly List<WatchSubscription> _subscriptions = [];

    /// <summary>Objects in name order; <paramref name="limit"/> and <paramref name="continueToken"/> page through them.</summary>
    public ListPage List(ObjectFilter filter, int? limit, string? continueToken)
    {
        lock (_gate)
        {
            var after = DecodeContinue(continueToken);
            var matching = Bucket(filter.Type.Key)
                .Where(kv => after is null || string.CompareOrdinal(kv.Key, after) > 0)
                .Where(kv => filter.Matches(KeyOf(filter.Type, kv.Value), kv.Value))
                .Select(kv => kv.Value);
            if (limit is not > 0)
            {
                return new ListPage(matching.Select(o => (JsonObject)o.DeepClone()).ToList(), _resourceVersion, null, null);
            }
            var all = matching.ToList();
            var page = all.Take(limit.Value).Select(o => (JsonObject)o.DeepClone()).ToList();
            var remaining = all.Count - page.Count;
            var next = remaining > 0 ? EncodeContinue(KeyOf(filter.Type, page[^1]).Path) : null;
            return new ListPage(page, _resourceVersion, next, remaining > 0 ? remaining : null);
        }
    }

    /// <summary>Every object of every kind, for persistence and the controllers.</summary>
    public IReadOnlyList<(string TypeKey, JsonObject Object)> Snapshot()
    {
        lock (_gate)
        {
            return _buckets.SelectMany(b => b.Value.Values.Select(o => (b.Key, (JsonObject)o.DeepClone()))).ToList();
        }
    }

    /// <summary>
    /// Starts a watch. With <paramref name="sendInitialState"/>: the current objects as ADDED first.
    /// Otherwise from a resourceVersion: the logged changes after it, then live ones (410 Gone when
    /// it is older than the log); without one: only what changes from now on.
    /// <paramref name="markInitialStateEnd"/> queues a BOOKMARK after the initial objects (the watch-list protocol).
    /// </summary>
    public WatchSubscription Watch(ObjectFilter filter, long? fromResourceVersion, bool sendInitialState, bool markInitialStateEnd = false, int bufferCapacity = 4096)
    {
        lock (_gate)
        {
            if (!sendInitialState && fromResourceVersion is { } from && from > 0 && from < _log.CompactedThrough)
            {
                throw ApiException.Gone($"too old resource version: {from} ({_log.CompactedThrough + 1})");
            }
            var subscription = new WatchSubscription(filter, bufferCapacity, Unsubscribe);
            if (sendInitialState)
            {
                foreach (var obj in Bucket(filter.Type.Key).Values)
                {
                    var key = KeyOf(filter.Type, obj);
                    var snapshot = (JsonObject)obj.DeepClone();
                    subscription.Offer(new WatchEvent(WatchEvent.Added, Meta.ResourceVersion(obj), key, snapshot, null));
                }
                if (markInitialStateEnd)
                {
                    subscription.OfferInitialStateEnd(_resourceVersion);
                }
            }
            else if (fromResourceVersion is { } start && start > 0)
            {
                foreach (var change in _log.After(start))
                {
                    subscription.Offer(change);
                }
            }
            subscription.StartedAt = _resourceVersion;
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Drops logged events up to now, so older resourceVersions get 410 Gone (a test hook for etcd compaction).</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _log.CompactThrough(_resourceVersion);
        }
    }

    /// <summary>Restores objects saved by <see cref="StatePersistence"/>; no events, no admission.</summary>
    internal void Restore(IEnumerable<(string TypeKey, JsonObject Object)> objects, long resourceVersion, Func<string, ResourceType?> typeOf)
    {
        lock (_gate)
        {
            foreach (var (typeKey, obj) in objects)
            {
                var type = typeOf(typeKey);
                if (type is null)
                {
                    continue;
                }
                Bucket(typeKey)[KeyOf(type, obj).Path] = obj;
                if (type == BuiltinResources.CustomResourceDefinitions)
                {
                    Committed?.Invoke(new WatchEvent(WatchEvent.Added, Meta.ResourceVersion(obj), KeyOf(type, obj), obj, null));
                }
            }
            _resourceVersion = Math.Max(_resourceVersion, resourceVersion);
            _log.CompactThrough(_resourceVersion);
        }
    }

    private void Append(WatchEvent change)
    {
        _log.Append(change);
        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(change);
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private static string EncodeContinue(string path) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(path));

    private static string? DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("invalid continue token");
        }
    }
}
