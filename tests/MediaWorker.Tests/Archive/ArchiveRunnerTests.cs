using Amazon.Runtime;
using BroadcastOperator.MediaWorker.Archive;
using BroadcastOperator.MediaWorker.Archive.S3;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.TestSupport.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>The archive in AWS mode end to end against s3rver: complete only once the final upload went up, else why not.</summary>
public sealed class ArchiveRunnerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archive-runner-").FullName;
    private S3rver _server = null!;

    public async Task InitializeAsync() => _server = await S3rver.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private ArchiveSettings Settings(string bucket) => new()
    {
        Directory = _directory,
        SourceAudio = true,
        S3 = new ArchiveS3Settings(bucket, "archive/team/talk/", "us-east-1") { ServiceUrl = _server.ServiceUrl },
    };

    /// <summary>A short session: half a second of the speaker's audio, then stop; returns the archive as the worker left it.</summary>
    private async Task<SessionArchive> RunSessionAsync(ArchiveSettings settings, Func<Task>? beforeStop = null)
    {
        var archive = new SessionArchive(settings, "team", "talk", "en", ["es"], NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = ArchiveRunner.RunAsync(archive, settings,
            s3 => ArchiveS3Client.Create(s3, new BasicAWSCredentials(S3rver.AccessKeyId, S3rver.SecretAccessKey)), NullLogger.Instance,
            stop.Token, finishTimeout: TimeSpan.FromSeconds(20));
        var encoder = new OpusFrameEncoder();
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        for (var i = 0; i < 25; i++)
        {
            archive.OnSpeakerPacket(1, (uint)(i * 960), packet.AsSpan(0, encoder.Encode(new short[OpusFrameEncoder.FrameSamples], packet)));
        }
        if (beforeStop is not null)
        {
            await beforeStop();
        }
        stop.Cancel();
        await running;
        return archive;
    }

    [Fact]
    public async Task After_the_final_upload_status_says_complete_at_the_s3_location()
    {
        var archive = await RunSessionAsync(Settings(_server.Bucket));

        Assert.True(archive.Status.Complete);
        Assert.Null(archive.Status.Error);
        Assert.Equal($"s3://{_server.Bucket}/archive/team/talk/", archive.Status.Location);
    }

    [Fact]
    public async Task A_bucket_that_refuses_the_upload_leaves_the_archive_failed_with_the_reason()
    {
        var archive = await RunSessionAsync(Settings("no-such-bucket"));

        Assert.False(archive.Status.Complete);
        Assert.Contains("the final upload to s3://no-such-bucket/archive/team/talk/ failed: NoSuchBucket (404)", archive.Status.Error, StringComparison.Ordinal);
        // The files are still on the worker's volume, ended.
        Assert.True(ArchiveManifest.TryRead(_directory) is { EndedAt: not null });
    }

    [Fact]
    public async Task A_stopped_s3_server_leaves_the_archive_failed_with_the_reason()
    {
        var archive = await RunSessionAsync(Settings(_server.Bucket), beforeStop: async () => await _server.DisposeAsync());

        Assert.False(archive.Status.Complete);
        Assert.StartsWith($"the final upload to s3://{_server.Bucket}/archive/team/talk/ failed: ", archive.Status.Error, StringComparison.Ordinal);
    }
}
