using System.Text.Json.Nodes;
using System.Threading.Channels;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.EmbeddedKube.Controllers;

/// <summary>
/// The controller-manager's part that the API semantics rely on: the garbage collector
/// (ownerReferences, orphan and foreground deletion), the namespace controller, and CRD
/// establishment. Reacts to committed changes on its own task, never inside the store's lock,
/// except CRD registration, which must be visible the moment the create returns.
/// </summary>
public sealed class ClusterControllers : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly ILogger _logger;
    private readonly Channel<WatchEvent> _work = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public ClusterControllers(ObjectStore store, ResourceRegistry registry, ILogger logger)
    {
        _store = store;
        _registry = registry;
        _logger = logger;
        _store.Committed += OnCommitted;
        _loop = Task.Run(RunAsync);
    }

    private void OnCommitted(WatchEvent change)
    {
        if (change.Key.TypeKey == BuiltinResources.CustomResourceDefinitions.Key)
        {
            if (change.Type == WatchEvent.Deleted)
            {
                _registry.UnregisterCrd(change.Key.Name);
            }
            else
            {
                _registry.RegisterCrd(change.Object);
            }
        }
        _work.Writer.TryWrite(change);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var change in _work.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    React(change);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    // Raced with another writer: the next change will bring us back here.
                }
                catch (Exception e)
                {
                    EmbeddedKubeLog.ControllerFailed(_logger, e, change.Type, change.Key);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void React(WatchEvent change)
    {
        var uid = Meta.Uid(change.Object);
        if (change.Type == WatchEvent.Deleted)
        {
            CollectDependentsOf(uid);
            if (change.Key.TypeKey == BuiltinResources.CustomResourceDefinitions.Key)
            {
                DeleteInstancesOf(change.Object);
            }
            if (change.Key.Namespace.Length > 0)
            {
                _store.RemoveEmptyNamespace(change.Key.Namespace);
            }
            return;
        }
        if (!Meta.IsBeingDeleted(change.Object))
        {
            return;
        }
        var finalizers = Meta.Finalizers(change.Object);
        if (finalizers.Contains(Finalizers.Orphan))
        {
            Orphan(uid);
            RemoveFinalizer(change, Finalizers.Orphan);
        }
        if (finalizers.Contains(Finalizers.ForegroundDeletion))
        {
            if (DeleteDependents(uid) == 0)
            {
                RemoveFinalizer(change, Finalizers.ForegroundDeletion);
            }
        }
        if (change.Key.TypeKey == BuiltinResources.Namespaces.Key)
        {
            EmptyNamespace(change.Key.Name);
        }
    }

    private void CollectDependentsOf(string ownerUid)
    {
        if (ownerUid.Length == 0)
        {
            return;
        }
        var live = _store.Snapshot().Select(o => Meta.Uid(o.Object)).ToHashSet(StringComparer.Ordinal);
        foreach (var (type, dependent) in Dependents(ownerUid))
        {
            var remainingOwners = Meta.OwnerUids(dependent).Where(live.Contains).ToList();
            if (remainingOwners.Count == 0)
            {
                _store.Delete(type, Meta.Namespace(dependent), Meta.Name(dependent), new DeleteOptions("Background"));
            }
            else
            {
                _store.Patch(type, Meta.Namespace(dependent), Meta.Name(dependent), obj => WithoutOwner(obj, ownerUid), statusOnly: false);
            }
        }
        // An owner deleted in the foreground waits for its last dependent to go.
        RevisitAllForegroundOwners();
    }

    private void Orphan(string ownerUid)
    {
        foreach (var (type, dependent) in Dependents(ownerUid))
        {
            _store.Patch(type, Meta.Namespace(dependent), Meta.Name(dependent), obj => WithoutOwner(obj, ownerUid), statusOnly: false);
        }
    }

    private int DeleteDependents(string ownerUid)
    {
        var dependents = Dependents(ownerUid).ToList();
        foreach (var (type, dependent) in dependents.Where(d => !Meta.IsBeingDeleted(d.Object)))
        {
            _store.Delete(type, Meta.Namespace(dependent), Meta.Name(dependent), new DeleteOptions("Background"));
        }
        return Dependents(ownerUid).Count();
    }

    private void RevisitAllForegroundOwners()
    {
        foreach (var (typeKey, obj) in _store.Snapshot())
        {
            if (Meta.Finalizers(obj).Contains(Finalizers.ForegroundDeletion) && TypeOf(typeKey) is { } type && !Dependents(Meta.Uid(obj)).Any())
            {
                _store.Patch(type, Meta.Namespace(obj), Meta.Name(obj), o => WithoutFinalizer(o, Finalizers.ForegroundDeletion), statusOnly: false);
            }
        }
    }

    private void EmptyNamespace(string ns)
    {
        foreach (var (typeKey, obj) in _store.Snapshot())
        {
            if (Meta.Namespace(obj) == ns && TypeOf(typeKey) is { Namespaced: true } type && !Meta.IsBeingDeleted(obj))
            {
                _store.Delete(type, ns, Meta.Name(obj), new DeleteOptions("Background"));
            }
        }
        _store.RemoveEmptyNamespace(ns);
    }

    private void DeleteInstancesOf(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.GetValue<string>();
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>();
        _store.Purge($"{group}/{plural}");
    }

    private void RemoveFinalizer(WatchEvent change, string finalizer)
    {
        if (TypeOf(change.Key.TypeKey) is { } type)
        {
            _store.Patch(type, change.Key.Namespace, change.Key.Name, o => WithoutFinalizer(o, finalizer), statusOnly: false);
        }
    }

    private IEnumerable<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid) =>
        _store.Snapshot()
            .Where(o => Meta.OwnerUids(o.Object).Contains(ownerUid))
            .Select(o => (TypeOf(o.TypeKey), o.Object))
            .Where(o => o.Item1 is not null)
            .Select(o => (o.Item1!, o.Object));

    private ResourceType? TypeOf(string typeKey) => _registry.All().FirstOrDefault(t => t.Key == typeKey);

    private static JsonObject WithoutOwner(JsonObject obj, string ownerUid)
    {
        if (obj["metadata"]?["ownerReferences"] is JsonArray owners)
        {
            foreach (var owner in owners.Where(o => o?["uid"]?.GetValue<string>() == ownerUid).ToList())
            {
                owners.Remove(owner);
            }
            if (owners.Count == 0)
            {
                Meta.Of(obj).Remove("ownerReferences");
            }
        }
        return obj;
    }

    private static JsonObject WithoutFinalizer(JsonObject obj, string finalizer)
    {
        if (obj["metadata"]?["finalizers"] is JsonArray finalizers)
        {
            foreach (var entry in finalizers.Where(f => f?.GetValue<string>() == finalizer).ToList())
            {
                finalizers.Remove(entry);
            }
            if (finalizers.Count == 0)
            {
                Meta.Of(obj).Remove("finalizers");
            }
        }
        return obj;
    }

    public async ValueTask DisposeAsync()
    {
        _store.Committed -= OnCommitted;
        _work.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }
}
