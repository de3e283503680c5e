namespace BroadcastOperator.Operator.Archive;

/// <summary>
/// The archive index the retention sweep reads: every session archive's manifest, wherever the workers keep them (the
/// archive folder, or the S3 bucket in AWS mode), and the removal of one whole archive.
/// </summary>
public interface IArchiveIndex
{
    /// <summary>Where the index is, for the log: a folder or an s3:// prefix.</summary>
    string Location { get; }

    /// <summary>Every archive whose manifest reads; one that does not is left alone (it may be being replaced).</summary>
    Task<IReadOnlyList<ArchiveEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the archive's files and its manifest; removing one already gone is no error.</summary>
    Task RemoveAsync(ArchiveEntry archive, CancellationToken cancellationToken);
}

/// <summary>Archives in a folder, {root}/{namespace}/{session}/: the archive volume, or .local/archive under make run.</summary>
public sealed class DirectoryArchiveIndex(string root) : IArchiveIndex
{
    public string Location => root;

    public Task<IReadOnlyList<ArchiveEntry>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArchiveEntry>>(ArchiveRetention.Index(root).ToList());

    public Task RemoveAsync(ArchiveEntry archive, CancellationToken cancellationToken)
    {
        if (Directory.Exists(archive.Location))
        {
            Directory.Delete(archive.Location, recursive: true);
        }
        return Task.CompletedTask;
    }
}
