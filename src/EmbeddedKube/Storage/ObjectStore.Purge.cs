using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

public sealed partial class ObjectStore
{
    /// <summary>Removes every object of a resource whose CRD was deleted, with a DELETED event each.</summary>
    internal void Purge(string typeKey)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(typeKey, out var bucket))
            {
                return;
            }
            foreach (var (path, obj) in bucket.ToList())
            {
                var slash = path.IndexOf('/');
                Commit(WatchEvent.Deleted, new ObjectKey(typeKey, path[..slash], path[(slash + 1)..]), (JsonObject)obj.DeepClone(), obj);
            }
        }
    }
}
