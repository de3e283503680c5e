using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// Keeps the cluster in a JSON file so a restart finds its resources: loaded at start, written
/// atomically (<see cref="StateFile.WriteAtomically"/>) shortly after each burst of changes. A file
/// that does not parse is refused at start, never overwritten; the one that loaded last is kept
/// beside it as <c>.bak</c>, so there is a good copy to go back to.
/// </summary>
public sealed class StatePersistence : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly string _path;
    private readonly SemaphoreSlim _dirty = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;

    private StatePersistence(ObjectStore store, string path)
    {
        _store = store;
        _path = path;
        _store.Committed += _ => MarkDirty();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <exception cref="CorruptStateException">The file exists but is not a state this server can load.</exception>
    public static StatePersistence Attach(ObjectStore store, ResourceRegistry registry, string path)
    {
        if (File.Exists(path))
        {
            var content = File.ReadAllBytes(path);
            var state = StateFile.Read(path, content);
            if (state["objects"] is not JsonArray entries || state["resourceVersion"] is not JsonValue version
                || !version.TryGetValue<long>(out var resourceVersion))
            {
                throw new CorruptStateException(path, null, "\"objects\" or \"resourceVersion\" is missing");
            }
            var objects = entries
                .Select(entry => (entry!["type"]!.GetValue<string>(), entry["object"]!.AsObject().DeepClone().AsObject()))
                .ToList();
            // CRDs first, so the kinds they define are known when their objects are restored.
            var crdKey = BuiltinResources.CustomResourceDefinitions.Key;
            store.Restore(objects.Where(o => o.Item1 == crdKey), resourceVersion, TypeOf(registry));
            store.Restore(objects.Where(o => o.Item1 != crdKey), resourceVersion, TypeOf(registry));
            // Loaded, so known good: the copy to go back to should a later file be damaged.
            StateFile.WriteAtomically(StateFile.BackupPath(path), content);
        }
        return new StatePersistence(store, path);
    }

    private static Func<string, ResourceType?> TypeOf(ResourceRegistry registry) =>
        key => registry.All().FirstOrDefault(t => t.Key == key);

    private void MarkDirty()
    {
        if (_dirty.CurrentCount == 0)
        {
            try
            {
                _dirty.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await _dirty.WaitAsync(_stopping.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(200), _stopping.Token);
                Save();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Save()
    {
        var objects = new JsonArray();
        var version = _store.CurrentResourceVersion;
        foreach (var (typeKey, obj) in _store.Snapshot())
        {
            objects.Add(new JsonObject { ["type"] = typeKey, ["object"] = obj });
        }
        var state = new JsonObject { ["resourceVersion"] = version, ["objects"] = objects };
        StateFile.WriteAtomically(_path, JsonSerializer.SerializeToUtf8Bytes(state));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _writer;
        Save();
        _stopping.Dispose();
    }
}
