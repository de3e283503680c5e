using System.Text;
using BroadcastOperator.EmbeddedKube.Storage;
using k8s;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>The state file across restarts: never torn by a crash mid-write, refused when damaged, a good copy kept.</summary>
public sealed class StatePersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("embedded-kube-state-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_truncated_state_file_is_refused_naming_the_file_and_byte_offset_and_the_good_copy_is_kept()
    {
        await RunAsync(client => client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" } }, "default"));
        await RunAsync(_ => Task.CompletedTask); // loads the file, so it becomes the known-good copy
        var good = await File.ReadAllBytesAsync(StatePath);
        var truncated = good[..(good.Length / 2)];
        await File.WriteAllBytesAsync(StatePath, truncated);

        var refused = await Assert.ThrowsAsync<CorruptStateException>(() => RunAsync(_ => Task.CompletedTask));

        Assert.Equal(StatePath, refused.Path);
        // The JSON is whole up to the cut, so the parser can only find out at the end of what is there.
        Assert.Equal(truncated.Length, refused.ByteOffset);
        Assert.Contains(StatePath, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {truncated.Length}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(truncated, await File.ReadAllBytesAsync(StatePath)); // left for inspection, not overwritten
        Assert.Equal(good, await File.ReadAllBytesAsync(StateFile.BackupPath(StatePath)));

        File.Copy(StateFile.BackupPath(StatePath), StatePath, overwrite: true);
        await RunAsync(async client => Assert.Equal("kept", (await client.ReadNamespacedConfigMapAsync("kept", "default")).Metadata.Name));
    }

    [Fact]
    public void A_syntax_error_is_reported_at_its_byte_offset_counting_earlier_lines()
    {
        var content = Encoding.UTF8.GetBytes("{\n  \"resourceVersion\": 3,\n  \"objects\": [}\n");

        var refused = Assert.Throws<CorruptStateException>(() => StateFile.Read("state.json", content));

        Assert.Equal(Array.IndexOf(content, (byte)'}'), refused.ByteOffset);
    }

    [Fact]
    public async Task A_writer_killed_between_the_temporary_file_and_the_rename_leaves_the_old_state_whole()
    {
        await RunAsync(client => client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, "default"));
        var before = await File.ReadAllBytesAsync(StatePath);

        // What a write that died before its rename leaves behind: a partial temporary file beside the state.
        await File.WriteAllBytesAsync(StateFile.TemporaryPath(StatePath), before[..10]);

        Assert.Equal(before, await File.ReadAllBytesAsync(StatePath));
        await RunAsync(async client =>
        {
            Assert.Equal("before", (await client.ReadNamespacedConfigMapAsync("before", "default")).Metadata.Name);
            await client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "default");
        });
        Assert.False(File.Exists(StateFile.TemporaryPath(StatePath)), "the next write replaced the stale temporary file and renamed it");
        await RunAsync(async client => Assert.Equal("after", (await client.ReadNamespacedConfigMapAsync("after", "default")).Metadata.Name));
    }

    [Fact]
    public async Task Every_write_goes_through_a_temporary_file_renamed_over_the_state()
    {
        File.WriteAllText(StatePath, "old");
        using var watcher = new FileSystemWatcher(_directory) { EnableRaisingEvents = true };
        var renames = new List<(string From, string To)>();
        watcher.Renamed += (_, e) =>
        {
            lock (renames)
            {
                renames.Add((e.OldName!, e.Name!));
            }
        };

        StateFile.WriteAtomically(StatePath, "new"u8);

        Assert.Equal("new", File.ReadAllText(StatePath));
        Assert.False(File.Exists(StateFile.TemporaryPath(StatePath)));
        await Eventually.TrueAsync(() => HasRename(renames), "state.json.tmp renamed to state.json", TimeSpan.FromSeconds(5));
    }

    private static bool HasRename(List<(string From, string To)> renames)
    {
        lock (renames)
        {
            return renames.Contains(("state.json.tmp", "state.json"));
        }
    }

    /// <summary>One run of the server on the state file: start (load), act, stop (save).</summary>
    private async Task RunAsync(Func<Kubernetes, Task> act)
    {
        await using var server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0, StateFile = StatePath });
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await act(client);
    }
}
