using BroadcastOperator.Shared.Archive;

namespace BroadcastOperator.SessionApi.Archive;

/// <summary>A session's archive as frontends read it: the manifest, each file with the URL it downloads from.</summary>
public sealed record ArchiveView(
    string Id,
    string? SpeakerId,
    string SourceLanguage,
    DateTime StartedAt,
    DateTime UpdatedAt,
    DateTime? EndedAt,
    bool Complete,
    int? RetentionDays,
    int Phrases,
    IReadOnlyList<ArchiveFileView> Files)
{
    /// <param name="directUrls">Presigned URLs by file name (AWS mode); the others download through SessionApi.</param>
    public static ArchiveView From(ArchiveManifest manifest, IReadOnlyDictionary<string, string>? directUrls = null) => new(
        manifest.Session, manifest.SpeakerId, manifest.SourceLanguage, manifest.StartedAt, manifest.UpdatedAt, manifest.EndedAt,
        manifest.Complete, manifest.RetentionDays, manifest.Phrases,
        manifest.Files.Where(f => ArchiveFileNames.IsSafe(f.Name)).Select(f => new ArchiveFileView(f.Name, f.Kind, f.Language, f.ContentType, f.Bytes,
            f.DurationSeconds, directUrls?.GetValueOrDefault(f.Name) ?? $"/sessions/{Uri.EscapeDataString(manifest.Session)}/archive/{Uri.EscapeDataString(f.Name)}"))
            .ToList());
}

public sealed record ArchiveFileView(string Name, string Kind, string? Language, string ContentType, long Bytes, double? DurationSeconds, string Url);

/// <summary>One of the caller's past sessions (GET /sessions?state=ended), from the archive index.</summary>
public sealed record EndedSessionView(string Id, string SourceLanguage, IReadOnlyList<string> Languages, DateTime StartedAt, DateTime? EndedAt,
    bool Complete, int Files, string ArchiveUrl)
{
    public static EndedSessionView From(ArchiveManifest manifest) => new(
        manifest.Session, manifest.SourceLanguage,
        manifest.Files.Select(f => f.Language).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        manifest.StartedAt, manifest.EndedAt, manifest.Complete, manifest.Files.Count, $"/sessions/{Uri.EscapeDataString(manifest.Session)}/archive");
}
