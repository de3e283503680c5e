using Amazon.S3;
using BroadcastOperator.MediaWorker.Archive.S3;

namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>
/// Runs a session's archive until stop: the writer, and in AWS mode the S3 upload beside it, whose last parts and
/// manifest go up once the files are ended. Only when that final upload succeeded does status.archive say complete;
/// a failed or timed-out one says why (status.archive.error), and the files stay on the worker's volume.
/// </summary>
public static class ArchiveRunner
{
    /// <summary>How long the final upload may take; the pod's grace period (the operator's archive grace) bounds it too.</summary>
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(SessionArchive archive, ArchiveSettings settings, Func<ArchiveS3Settings, IAmazonS3> s3Client,
        ILogger logger, CancellationToken stoppingToken, TimeSpan? finishTimeout = null)
    {
        if (settings.S3 is not { } s3Settings)
        {
            await archive.RunAsync(stoppingToken);
            return;
        }
        using var s3 = s3Client(s3Settings);
        var uploader = new S3ArchiveUploader(s3, s3Settings, settings.Directory, logger);
        await Task.WhenAll(archive.RunAsync(stoppingToken), uploader.RunAsync(stoppingToken));
        if (archive.Status.Error is not null)
        {
            // The files did not end well: upload what there is (it may help), but the archive stays reported failed.
            await TryFinishAsync(uploader, logger, finishTimeout);
            return;
        }
        archive.ReportUploaded(await TryFinishAsync(uploader, logger, finishTimeout));
    }

    /// <summary>The final upload; null when it went up, else what went wrong.</summary>
    private static async Task<string?> TryFinishAsync(S3ArchiveUploader uploader, ILogger logger, TimeSpan? timeout)
    {
        var limit = timeout ?? FinishTimeout;
        using var finish = new CancellationTokenSource(limit);
        try
        {
            await uploader.FinishAsync(finish.Token);
            return null;
        }
        catch (OperationCanceledException) when (finish.IsCancellationRequested)
        {
            var reason = $"not finished within {limit.TotalSeconds:0} s";
            ArchiveLog.UploadFailed(logger, reason);
            return reason;
        }
        catch (Exception e) when (e is AmazonS3Exception or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException
            or IOException or HttpRequestException or UnauthorizedAccessException)
        {
            var reason = e is AmazonS3Exception { ErrorCode: { Length: > 0 } code } s3 ? $"{code} ({(int)s3.StatusCode}): {e.Message}" : e.Message;
            ArchiveLog.UploadFailed(logger, reason);
            return reason;
        }
    }
}
