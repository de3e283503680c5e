using BroadcastOperator.Operator.Archive;
using BroadcastOperator.Operator.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.Operator.Tests.Archive;

/// <summary>The operator removes an archive once its retention has passed, and only then.</summary>
public sealed class ArchiveRetentionTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Directory.CreateTempSubdirectory("archive-retention-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void An_archive_older_than_its_retention_is_removed_and_a_younger_one_kept()
    {
        var old = Archive("team", "old-talk", ended: Now.AddDays(-8), retentionDays: 7);
        var young = Archive("team", "new-talk", ended: Now.AddDays(-6), retentionDays: 7);
        var crashed = Archive("other", "crashed", ended: null, retentionDays: 1, updated: Now.AddDays(-2));
        var unbounded = Archive("other", "no-retention", ended: Now.AddDays(-900), retentionDays: null);
        var options = new OperatorOptions();
        options.Worker.ArchiveDirectory = _root;
        var sweep = new ArchiveRetentionService(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider(Now),
            NullLogger<ArchiveRetentionService>.Instance);

        var removed = sweep.Sweep();

        Assert.Equal([crashed, old], removed.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(crashed));
        Assert.True(File.Exists(Path.Combine(young, "captions-es.vtt")));
        Assert.True(Directory.Exists(unbounded));
        Assert.Empty(sweep.Sweep());
    }

    [Fact]
    public void A_missing_folder_or_a_manifest_that_does_not_read_is_left_alone()
    {
        Assert.Empty(ArchiveRetention.Index(Path.Combine(_root, "none")));
        var directory = Directory.CreateDirectory(Path.Combine(_root, "team", "garbled")).FullName;
        File.WriteAllText(Path.Combine(directory, "manifest.json"), "{ half");
        Assert.Empty(ArchiveRetention.Index(_root));
    }

    private string Archive(string ns, string session, DateTime? ended, int? retentionDays, DateTime? updated = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, ns, session)).FullName;
        File.WriteAllText(Path.Combine(directory, "captions-es.vtt"), "WEBVTT\n\n");
        var endedJson = ended is { } e ? $"\"endedAt\":\"{e:O}\"," : "";
        var retentionJson = retentionDays is { } d ? $"\"retentionDays\":{d}," : "";
        File.WriteAllText(Path.Combine(directory, "manifest.json"),
            $"{{\"namespace\":\"{ns}\",\"session\":\"{session}\",{endedJson}{retentionJson}\"updatedAt\":\"{(updated ?? ended ?? Now):O}\",\"files\":[]}}");
        return directory;
    }
}
