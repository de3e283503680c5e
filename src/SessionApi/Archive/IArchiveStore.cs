using BroadcastOperator.Shared.Archive;

namespace BroadcastOperator.SessionApi.Archive;

/// <summary>A file of an archive, as it is handed out: a local path (streamed here, with ranges) or a presigned URL.</summary>
public abstract record ArchiveDownload
{
    public sealed record LocalFile(string Path) : ArchiveDownload;

    public sealed record Redirect(Uri Url) : ArchiveDownload;
}

/// <summary>The archive index and its files, wherever the workers put them (a folder, or S3 in AWS mode).</summary>
public interface IArchiveStore
{
    /// <summary>The session's manifest; null when it has no archive (or one that does not read).</summary>
    Task<ArchiveManifest?> GetManifestAsync(string ns, string session, CancellationToken cancellationToken);

    /// <summary>Every readable manifest of the namespace: the archive index.</summary>
    Task<IReadOnlyList<ArchiveManifest>> ListAsync(string ns, CancellationToken cancellationToken);

    /// <summary>How to hand out <paramref name="file"/>, one the manifest lists and whose name <see cref="ArchiveFileNames.IsSafe"/>; null when it is gone.</summary>
    Task<ArchiveDownload?> LocateAsync(string ns, string session, ArchiveManifestFile file, CancellationToken cancellationToken);
}
