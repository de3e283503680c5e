using BroadcastOperator.Operator.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Archive;

/// <summary>
/// Removes session archives older than their <c>retentionDays</c> from the archive folder (Operator:Worker:ArchiveDirectory)
/// every <see cref="Interval"/>: a small reconciler over the archive index, level-triggered like the session one
/// (it reads what is there, never acts on an event). Deleting twice is harmless, so every replica may sweep.
/// </summary>
public sealed partial class ArchiveRetentionService(IOptions<OperatorOptions> options, TimeProvider time, ILogger<ArchiveRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>One sweep: returns the archives it removed.</summary>
    public IReadOnlyList<string> Sweep()
    {
        var root = options.Value.Worker.ArchiveDirectory;
        var removed = new List<string>();
        foreach (var directory in ArchiveRetention.Expired(ArchiveRetention.Index(root), time.GetUtcNow().UtcDateTime))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
                removed.Add(directory);
                Removed(logger, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                RemoveFailed(logger, directory, e.Message);
            }
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            Sweep();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "archive {Directory}: past its retention, removed")]
    private static partial void Removed(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "archive {Directory}: past its retention, could not be removed: {Error}")]
    private static partial void RemoveFailed(ILogger logger, string directory, string error);
}
