using Amazon.S3;

namespace BroadcastOperator.Operator.Archive;

/// <summary>
/// Removes session archives older than their <c>retentionDays</c> every <see cref="Interval"/>: a small reconciler over
/// the archive index (the archive folder, or the S3 bucket in AWS mode), level-triggered like the session one (it reads
/// what is there, never acts on an event). Deleting twice is harmless, so every replica may sweep.
/// </summary>
public sealed partial class ArchiveRetentionService(IArchiveIndex index, TimeProvider time, ILogger<ArchiveRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>One sweep: returns where the archives it removed were. A failure is logged and tried again at the next sweep.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ArchiveEntry> archives;
        try
        {
            archives = await index.ListAsync(cancellationToken);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            IndexFailed(logger, index.Location, e.Message);
            return [];
        }
        var removed = new List<string>();
        foreach (var archive in ArchiveRetention.Expired(archives, time.GetUtcNow().UtcDateTime))
        {
            try
            {
                await index.RemoveAsync(archive, cancellationToken);
                removed.Add(archive.Location);
                Removed(logger, archive.Location);
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                RemoveFailed(logger, archive.Location, e.Message);
            }
        }
        return removed;
    }

    private static bool IsStorageFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or AmazonS3Exception or HttpRequestException or Amazon.Runtime.AmazonClientException;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await SweepAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "archive {Location}: past its retention, removed")]
    private static partial void Removed(ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "archive {Location}: past its retention, could not be removed: {Error}")]
    private static partial void RemoveFailed(ILogger logger, string location, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "archive index {Location} could not be read: {Error}")]
    private static partial void IndexFailed(ILogger logger, string location, string error);
}
