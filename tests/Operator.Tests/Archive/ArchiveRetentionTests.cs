using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.Operator.Archive;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.TestSupport.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.Operator.Tests.Archive;

/// <summary>The operator removes an archive once its retention has passed, and only then: in the archive folder and in S3.</summary>
public sealed class ArchiveRetentionTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Directory.CreateTempSubdirectory("archive-retention-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ArchiveRetentionService Sweeper(IArchiveIndex index) =>
        new(index, new FakeTimeProvider(Now), NullLogger<ArchiveRetentionService>.Instance);

    [Fact]
    public async Task An_archive_older_than_its_retention_is_removed_and_a_younger_one_kept()
    {
        var old = Archive("team", "old-talk", ended: Now.AddDays(-8), retentionDays: 7);
        var young = Archive("team", "new-talk", ended: Now.AddDays(-6), retentionDays: 7);
        var crashed = Archive("other", "crashed", ended: null, retentionDays: 1, updated: Now.AddDays(-2));
        var unbounded = Archive("other", "no-retention", ended: Now.AddDays(-900), retentionDays: null);
        var sweep = Sweeper(new DirectoryArchiveIndex(_root));

        var removed = await sweep.SweepAsync(CancellationToken.None);

        Assert.Equal([crashed, old], removed.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(crashed));
        Assert.True(File.Exists(Path.Combine(young, "captions-es.vtt")));
        Assert.True(Directory.Exists(unbounded));
        Assert.Empty(await sweep.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public void A_missing_folder_or_a_manifest_that_does_not_read_is_left_alone()
    {
        Assert.Empty(ArchiveRetention.Index(Path.Combine(_root, "none")));
        var directory = Directory.CreateDirectory(Path.Combine(_root, "team", "garbled")).FullName;
        File.WriteAllText(Path.Combine(directory, "manifest.json"), "{ half");
        Assert.Empty(ArchiveRetention.Index(_root));
    }

    [Fact]
    public async Task In_S3_an_archive_older_than_its_retention_is_removed_with_all_its_keys_and_a_younger_one_kept()
    {
        await using var server = await S3rver.StartAsync();
        var settings = new ArchiveS3Options { Bucket = server.Bucket, Prefix = "archive/", ServiceUrl = server.ServiceUrl };
        using var s3 = S3ArchiveIndex.CreateClient(settings, new BasicAWSCredentials(S3rver.AccessKeyId, S3rver.SecretAccessKey));
        await PutArchiveAsync(s3, server.Bucket, "archive/team/old-talk/", ended: Now.AddDays(-8), retentionDays: 7);
        await PutArchiveAsync(s3, server.Bucket, "archive/team/new-talk/", ended: Now.AddDays(-6), retentionDays: 7);
        await PutArchiveAsync(s3, server.Bucket, "archive/other/crashed/", ended: null, retentionDays: 1, updated: Now.AddDays(-2));
        // Not an archive of ours (outside the prefix) and a key too deep to be a session's manifest: never touched.
        await PutAsync(s3, server.Bucket, "elsewhere/team/x/manifest.json", ManifestJson(Now.AddDays(-100), 1, null));
        await PutAsync(s3, server.Bucket, "archive/team/new-talk/deeper/manifest.json", ManifestJson(Now.AddDays(-100), 1, null));
        var sweep = Sweeper(new S3ArchiveIndex(s3, server.Bucket, "archive/"));

        var removed = await sweep.SweepAsync(CancellationToken.None);

        Assert.Equal(["archive/other/crashed/", "archive/team/old-talk/"], removed.Order(StringComparer.Ordinal));
        var left = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = server.Bucket })).S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal([
            "archive/team/new-talk/captions-es.vtt", "archive/team/new-talk/deeper/manifest.json", "archive/team/new-talk/manifest.json",
            "elsewhere/team/x/manifest.json",
        ], left);
        Assert.Empty(await sweep.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_bucket_is_logged_and_swept_again_later_not_thrown()
    {
        var settings = new ArchiveS3Options { Bucket = "archive", Prefix = "archive/", ServiceUrl = "http://127.0.0.1:9" };
        using var s3 = S3ArchiveIndex.CreateClient(settings, new BasicAWSCredentials("x", "y"));

        Assert.Empty(await Sweeper(new S3ArchiveIndex(s3, "archive", "archive/")).SweepAsync(CancellationToken.None));
    }

    private static async Task PutArchiveAsync(IAmazonS3 s3, string bucket, string prefix, DateTime? ended, int? retentionDays, DateTime? updated = null)
    {
        await PutAsync(s3, bucket, prefix + "captions-es.vtt", "WEBVTT\n\n");
        await PutAsync(s3, bucket, prefix + "manifest.json", ManifestJson(updated ?? ended ?? Now, retentionDays, ended));
    }

    private static Task PutAsync(IAmazonS3 s3, string bucket, string key, string body) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, UseChunkEncoding = false });

    private static string ManifestJson(DateTime updated, int? retentionDays, DateTime? ended)
    {
        var endedJson = ended is { } e ? $"\"endedAt\":\"{e:O}\"," : "";
        var retentionJson = retentionDays is { } d ? $"\"retentionDays\":{d}," : "";
        return $"{{\"namespace\":\"ns\",\"session\":\"s\",{endedJson}{retentionJson}\"updatedAt\":\"{updated:O}\",\"files\":[]}}";
    }

    private string Archive(string ns, string session, DateTime? ended, int? retentionDays, DateTime? updated = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, ns, session)).FullName;
        File.WriteAllText(Path.Combine(directory, "captions-es.vtt"), "WEBVTT\n\n");
        File.WriteAllText(Path.Combine(directory, "manifest.json"), ManifestJson(updated ?? ended ?? Now, retentionDays, ended));
        return directory;
    }
}
