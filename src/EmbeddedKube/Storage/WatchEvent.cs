using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// One change to the store, kept in the event log for watches. <see cref="Object"/> is a frozen
/// snapshot: nobody mutates it after the store creates it, so watchers may read it concurrently.
/// </summary>
public sealed record WatchEvent(string Type, long ResourceVersion, ObjectKey Key, JsonObject Object, JsonObject? Previous)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";
}
