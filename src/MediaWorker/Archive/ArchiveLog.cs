namespace BroadcastOperator.MediaWorker.Archive;

internal static partial class ArchiveLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session}: archiving to {Directory}")]
    public static partial void Opened(ILogger logger, string session, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session}: archive complete, {Files} files, {Dropped} items dropped")]
    public static partial void Completed(ILogger logger, string session, int files, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session}: an earlier run of this worker left its archive; kept in {Folder}")]
    public static partial void EarlierRunKept(ILogger logger, string session, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {Session}: the archive is not complete: {Reason}")]
    public static partial void Failed(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session}: archive write failed: {Error}")]
    public static partial void WriteFailed(ILogger logger, string session, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive upload to S3 failed, retried at the next sync: {Error}")]
    public static partial void UploadFailed(ILogger logger, string error);
}
