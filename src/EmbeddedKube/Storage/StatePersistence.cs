using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// Keeps the cluster in a JSON file so a restart finds its resources: loaded at start, written
/// (atomically, through a temporary file) shortly after each burst of changes.
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

    public static StatePersistence Attach(ObjectStore store, ResourceRegistry registry, string path)
    {
        if (File.Exists(path))
        {
            var state = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var objects = state["objects"]!.AsArray()
                .Select(entry => (entry!["type"]!.GetValue<string>(), entry["object"]!.AsObject().DeepClone().AsObject()))
                .ToList();
            // CRDs first, so the kinds they define are known when their objects are restored.
            var crdKey = BuiltinResources.CustomResourceDefinitions.Key;
            var ordered = objects.Where(o => o.Item1 == crdKey).Concat(objects.Where(o => o.Item1 != crdKey)).ToList();
            store.Restore(ordered.Where(o => o.Item1 == crdKey), state["resourceVersion"]!.GetValue<long>(), TypeOf(registry));
            store.Restore(ordered.Where(o => o.Item1 != crdKey), state["resourceVersion"]!.GetValue<long>(), TypeOf(registry));
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
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        Directory.CreateDirectory(directory);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, state.ToJsonString());
        File.Move(temporary, _path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _writer;
        Save();
        _stopping.Dispose();
    }
}
