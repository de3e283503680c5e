using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// All objects of the cluster, in memory, behind one lock: every write takes the next
/// resourceVersion and appends one event to the log that watches read, in order.
/// Admission (defaults, validation) runs inside the write, on the object about to be stored.
/// </summary>
public sealed partial class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _buckets = new(StringComparer.Ordinal);
    private readonly Admission _admission;
    private long _resourceVersion;

    public ObjectStore(Admission admission, int eventLogCapacity = 10_000)
    {
        _admission = admission;
        _log = new EventLog(eventLogCapacity);
    }

    /// <summary>Raised inside the write lock after every committed change, in resourceVersion order.</summary>
    public event Action<WatchEvent>? Committed;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject incoming, WriteOptions? options = null)
    {
        lock (_gate)
        {
            var obj = (JsonObject)incoming.DeepClone();
            RequireStringName(obj);
            var metadata = Meta.Of(obj);
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
                RequireLiveNamespace(ns);
            }
            else
            {
                metadata.Remove("namespace");
            }
            AssignName(type, ns, metadata);
            var key = new ObjectKey(type.Key, type.Namespaced ? ns : "", Meta.Name(obj));
            if (Bucket(type.Key).ContainsKey(key.Path))
            {
                throw ApiException.AlreadyExists(type.Plural, key.Name, type.Group);
            }
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Meta.Now();
            metadata["generation"] = 1L;
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            metadata.Remove("managedFields");
            _admission.PrepareCreate(type, obj);
            options ??= WriteOptions.Default;
            if (options.Owner is { } owner)
            {
                ManagedFields.Record(obj, previous: null, owner, type.ApiVersion, subresource: null);
            }
            return Commit(WatchEvent.Added, key, obj, previous: null, options.DryRun);
        }
    }

    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type.Key).GetValueOrDefault(KeyPath(type, ns, name))?.DeepClone().AsObject();
        }
    }

    /// <summary>Replaces the object (or only its status), refusing a stale resourceVersion with 409.</summary>
    public JsonObject Update(ResourceType type, string ns, string name, JsonObject incoming, bool statusOnly, WriteOptions? options = null)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            var expected = Meta.Get(incoming, "resourceVersion");
            return UpdateLocked(type, current, incoming, statusOnly, expected, options ?? WriteOptions.Default);
        }
    }

    /// <summary>Applies a patch to the stored object atomically; a resourceVersion inside the patch is a precondition.</summary>
    public JsonObject Patch(ResourceType type, string ns, string name, Func<JsonObject, JsonObject> applyPatch, bool statusOnly, WriteOptions? options = null)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            var patched = applyPatch((JsonObject)current.DeepClone());
            var expected = Meta.Get(patched, "resourceVersion");
            if (expected == Meta.Get(current, "resourceVersion"))
            {
                expected = null;
            }
            return UpdateLocked(type, current, patched, statusOnly, expected ?? Meta.Get(current, "resourceVersion"), options ?? WriteOptions.Default);
        }
    }

    private JsonObject UpdateLocked(ResourceType type, JsonObject current, JsonObject incoming, bool statusOnly, string? expectedVersion, WriteOptions options)
    {
        var key = KeyOf(type, current);
        if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != Meta.Get(current, "resourceVersion"))
        {
            throw ApiException.Conflict(type.GroupResource.Split('.')[0], key.Name, type.Group,
                "the object has been modified; please apply your changes to the latest version and try again");
        }
        RequireStringName(incoming);
        var incomingName = Meta.Get(incoming, "name");
        if (!string.IsNullOrEmpty(incomingName) && incomingName != key.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({key.Name})");
        }

        JsonObject next;
        if (statusOnly)
        {
            next = (JsonObject)current.DeepClone();
            SetOrRemove(next, "status", incoming["status"]);
        }
        else
        {
            next = (JsonObject)incoming.DeepClone();
            if (type.HasStatusSubresource)
            {
                SetOrRemove(next, "status", current["status"]);
            }
            CarryImmutableMetadata(current, next);
            ForbidNewFinalizersWhileDeleting(type, current, next);
        }
        var nextMeta = Meta.Of(next);
        nextMeta["resourceVersion"] = Meta.Get(current, "resourceVersion");
        // managedFields are kept from the stored object unless the body sets them (kubectl does, to move
        // client-side apply's ownership to server-side apply); an empty list clears them.
        var requestedFields = statusOnly ? null : incoming["metadata"]?["managedFields"];
        SetOrRemove(nextMeta, "managedFields", requestedFields is JsonArray { Count: 0 } ? null : requestedFields ?? current["metadata"]?["managedFields"]);
        nextMeta["generation"] = current["metadata"]?["generation"]?.DeepClone() ?? 1;
        if (!statusOnly && !SameSpec(current, next))
        {
            nextMeta["generation"] = (JsonNumber.AsLong(current["metadata"]?["generation"]) ?? 1) + 1;
        }
        _admission.PrepareUpdate(type, next, current, statusOnly);

        // An apply that changes nothing still takes ownership of the fields it applied, as a real server records it.
        if (JsonNode.DeepEquals(current, next) && (options.Owner is not { } applier || ManagedFields.AlreadyOwns(current, applier)))
        {
            return (JsonObject)current.DeepClone();
        }
        if (options.Owner is { } owner)
        {
            ManagedFields.Record(next, current, owner, type.ApiVersion, statusOnly ? "status" : null);
        }
        if (Meta.IsBeingDeleted(next) && Meta.Finalizers(next).Count == 0)
        {
            return Commit(WatchEvent.Deleted, key, next, current, options.DryRun);
        }
        return Commit(WatchEvent.Modified, key, next, current, options.DryRun);
    }

    /// <summary>
    /// Deletes at once when nothing holds the object, or marks it with a deletionTimestamp and
    /// leaves it to its finalizers (orphan and foreground deletion are finalizers too).
    /// </summary>
    public JsonObject Delete(ResourceType type, string ns, string name, DeleteOptions options)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            var key = KeyOf(type, current);
            if (options.PreconditionUid is { } uid && uid != Meta.Uid(current))
            {
                throw ApiException.Conflict(type.Plural, name, type.Group, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(current)}");
            }
            if (options.PreconditionResourceVersion is { } rv && rv != Meta.Get(current, "resourceVersion"))
            {
                throw ApiException.Conflict(type.Plural, name, type.Group, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Meta.Get(current, "resourceVersion")}");
            }

            var next = (JsonObject)current.DeepClone();
            var metadata = Meta.Of(next);
            var finalizers = Meta.Finalizers(next).ToList();
            var policyFinalizer = options.PropagationPolicy switch
            {
                "Orphan" => Finalizers.Orphan,
                "Foreground" => Finalizers.ForegroundDeletion,
                _ => null,
            };
            if (policyFinalizer is not null && !Meta.IsBeingDeleted(current) && !finalizers.Contains(policyFinalizer))
            {
                finalizers.Add(policyFinalizer);
            }
            var holdsNamespace = type == BuiltinResources.Namespaces;
            if (finalizers.Count == 0 && !holdsNamespace)
            {
                return Commit(WatchEvent.Deleted, key, next, current, options.DryRun);
            }
            if (Meta.IsBeingDeleted(current))
            {
                return (JsonObject)current.DeepClone();
            }
            metadata["deletionTimestamp"] = Meta.Now();
            metadata["deletionGracePeriodSeconds"] = 0;
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
            if (finalizers.Count == 0)
            {
                metadata.Remove("finalizers");
            }
            if (holdsNamespace)
            {
                next["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            return Commit(WatchEvent.Modified, key, next, current, options.DryRun);
        }
    }

    /// <summary>Removes a namespace once the namespace controller has emptied it.</summary>
    internal bool RemoveEmptyNamespace(string name)
    {
        lock (_gate)
        {
            var type = BuiltinResources.Namespaces;
            if (Bucket(type.Key).GetValueOrDefault("/" + name) is not { } current
                || !Meta.IsBeingDeleted(current) || Meta.Finalizers(current).Count > 0)
            {
                return false;
            }
            if (_buckets.Any(b => b.Value.Keys.Any(k => k.StartsWith(name + "/", StringComparison.Ordinal))))
            {
                return false;
            }
            Commit(WatchEvent.Deleted, KeyOf(type, current), (JsonObject)current.DeepClone(), current);
            return true;
        }
    }

    private JsonObject Commit(string eventType, ObjectKey key, JsonObject next, JsonObject? previous, bool dryRun = false)
    {
        if (dryRun)
        {
            // What the write would have stored, with the resourceVersion it has now (none for a create), as a real server answers.
            var answer = (JsonObject)next.DeepClone();
            SetOrRemove(Meta.Of(answer), "resourceVersion", previous?["metadata"]?["resourceVersion"]);
            return answer;
        }
        var rv = ++_resourceVersion;
        Meta.Of(next)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bucket = Bucket(key.TypeKey);
        if (eventType == WatchEvent.Deleted)
        {
            bucket.Remove(key.Path);
        }
        else
        {
            bucket[key.Path] = next;
        }
        var snapshot = (JsonObject)next.DeepClone();
        var change = new WatchEvent(eventType, rv, key, snapshot, previous);
        Append(change);
        Committed?.Invoke(change);
        return (JsonObject)next.DeepClone();
    }

    private JsonObject Current(ResourceType type, string ns, string name) =>
        Bucket(type.Key).GetValueOrDefault(KeyPath(type, ns, name)) ?? throw ApiException.NotFound(type.Plural, name, type.Group);

    private void RequireLiveNamespace(string ns)
    {
        if (Bucket(BuiltinResources.Namespaces.Key).GetValueOrDefault("/" + ns) is not { } namespaceObject)
        {
            throw ApiException.NotFound("namespaces", ns);
        }
        if (Meta.IsBeingDeleted(namespaceObject))
        {
            throw ApiException.Forbidden($"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private void AssignName(ResourceType type, string ns, JsonObject metadata)
    {
        if (metadata["name"] is JsonValue name && name.TryGetValue<string>(out var given) && given.Length > 0)
        {
            return;
        }
        var prefix = metadata["generateName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(prefix))
        {
            throw ApiException.Invalid(type.Kind, type.Group, "", [FieldError.Required("metadata.name")]);
        }
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var suffix = new string(Enumerable.Range(0, 5).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]).ToArray());
            var candidate = prefix + suffix;
            if (!Bucket(type.Key).ContainsKey(KeyPath(type, ns, candidate)))
            {
                metadata["name"] = candidate;
                return;
            }
        }
        throw ApiException.AlreadyExists(type.Plural, prefix, type.Group);
    }

    private static void RequireStringName(JsonObject obj)
    {
        if (obj["metadata"] is { } metadata && metadata is not JsonObject)
        {
            throw ApiException.BadRequest("metadata must be an object");
        }
        if (obj["metadata"]?["name"] is { } name && (name is not JsonValue value || !value.TryGetValue<string>(out _)))
        {
            throw ApiException.BadRequest($"metadata.name must be a string, not {name.ToJsonString()}");
        }
    }

    private static void CarryImmutableMetadata(JsonObject current, JsonObject next)
    {
        var from = Meta.Of(current);
        var to = Meta.Of(next);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name" })
        {
            SetOrRemove(to, field, from[field]);
        }
    }

    private static void ForbidNewFinalizersWhileDeleting(ResourceType type, JsonObject current, JsonObject next)
    {
        if (!Meta.IsBeingDeleted(current))
        {
            return;
        }
        var added = Meta.Finalizers(next).Except(Meta.Finalizers(current)).ToList();
        if (added.Count > 0)
        {
            throw ApiException.Invalid(type.Kind, type.Group, Meta.Name(current),
                [FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers [{string.Join(" ", added)}]")]);
        }
    }

    /// <summary>Generation moves when anything but metadata and status changes.</summary>
    private static bool SameSpec(JsonObject current, JsonObject next)
    {
        static JsonObject Strip(JsonObject obj)
        {
            var copy = new JsonObject();
            foreach (var (name, value) in obj)
            {
                if (name is not ("metadata" or "status" or "apiVersion" or "kind"))
                {
                    copy[name] = value?.DeepClone();
                }
            }
            return copy;
        }
        return JsonNode.DeepEquals(Strip(current), Strip(next));
    }

    private static void SetOrRemove(JsonObject target, string field, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = value.DeepClone();
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(string typeKey)
    {
        if (!_buckets.TryGetValue(typeKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _buckets[typeKey] = bucket;
        }
        return bucket;
    }

    private static string KeyPath(ResourceType type, string ns, string name) => (type.Namespaced ? ns : "") + "/" + name;

    private static ObjectKey KeyOf(ResourceType type, JsonObject obj) =>
        new(type.Key, type.Namespaced ? Meta.Namespace(obj) : "", Meta.Name(obj));
}
