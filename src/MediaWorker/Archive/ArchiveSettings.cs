namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>
/// What the worker keeps of its session and where (the <c>BROADCAST_ARCHIVE_…</c> variables the operator sets from
/// <c>spec.archive</c>): the session's own folder, on the archive volume in a cluster, under .local/archive with make run.
/// </summary>
public sealed record ArchiveSettings
{
    public required string Directory { get; init; }
    public bool Transcripts { get; init; } = true;
    public bool SourceAudio { get; init; }
    public bool TranslatedAudio { get; init; }
    public int? RetentionDays { get; init; }
    public string? SpeakerId { get; init; }

    /// <summary>AWS mode: the files are also uploaded to S3 as the session runs; null: the folder only.</summary>
    public S3.ArchiveS3Settings? S3 { get; init; }

    /// <summary>What status.archive.location says: the S3 prefix in AWS mode, else the folder.</summary>
    public string Location => S3?.Location ?? Directory;

    /// <summary>How often the manifest (and status.archive) is brought up to date while the session runs.</summary>
    public TimeSpan ManifestInterval { get; init; } = TimeSpan.FromSeconds(2);
}
