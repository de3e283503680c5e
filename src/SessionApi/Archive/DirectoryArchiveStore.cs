using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Archive;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Archive;

/// <summary>Archives in a folder, {root}/{namespace}/{session}/: the archive volume, or .local/archive under make run.</summary>
public sealed class DirectoryArchiveStore(IOptions<ArchiveOptions> options) : IArchiveStore
{
    private string Root => Path.GetFullPath(options.Value.Directory);

    public Task<ArchiveManifest?> GetManifestAsync(string ns, string session, CancellationToken cancellationToken) =>
        Task.FromResult(SessionFolder(ns, session) is { } folder ? ArchiveManifest.TryRead(folder) : null);

    public Task<IReadOnlyList<ArchiveManifest>> ListAsync(string ns, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, ns);
        IReadOnlyList<ArchiveManifest> manifests = Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(ArchiveManifest.TryRead).OfType<ArchiveManifest>().ToList()
            : [];
        return Task.FromResult(manifests);
    }

    public Task<ArchiveDownload?> LocateAsync(string ns, string session, ArchiveManifestFile file, CancellationToken cancellationToken)
    {
        if (SessionFolder(ns, session) is not { } folder || !ArchiveFileNames.IsSafe(file.Name))
        {
            return Task.FromResult<ArchiveDownload?>(null);
        }
        var path = Path.GetFullPath(Path.Combine(folder, file.Name));
        // The name check already keeps it inside; the prefix check holds whatever the name.
        var inside = path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return Task.FromResult<ArchiveDownload?>(inside && File.Exists(path) ? new ArchiveDownload.LocalFile(path) : null);
    }

    /// <summary>The session's folder under the root; null for a name that would leave it.</summary>
    private string? SessionFolder(string ns, string session)
    {
        var root = Root;
        var folder = Path.GetFullPath(Path.Combine(root, ns, session));
        return folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && ns.Length > 0 && session.Length > 0
            && !ns.Contains("..", StringComparison.Ordinal) && !session.Contains("..", StringComparison.Ordinal) ? folder : null;
    }
}
