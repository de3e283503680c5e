using System.Globalization;
using System.Text.Json.Nodes;

namespace BroadcastOperator.Operator.Archive;

/// <summary>One session archive as its manifest describes it: when it last changed or ended, and how long it is kept.</summary>
public sealed record ArchiveEntry(string Directory, DateTime? EndedAt, DateTime UpdatedAt, int? RetentionDays);

/// <summary>
/// Which archives have outlived their retention: a pure decision over the archive index (the manifests), kept apart from
/// the sweep that reads the folders and deletes. The clock starts when the session ended; an archive whose worker died
/// before ending it counts from its last update. One without a retention is kept.
/// </summary>
public static class ArchiveRetention
{
    public static IReadOnlyList<string> Expired(IEnumerable<ArchiveEntry> archives, DateTime now) =>
        archives.Where(a => a.RetentionDays is { } days && (a.EndedAt ?? a.UpdatedAt).AddDays(days) <= now).Select(a => a.Directory).ToList();

    /// <summary>The archive index: every {root}/{namespace}/{session}/manifest.json that reads; the others are left alone.</summary>
    public static IEnumerable<ArchiveEntry> Index(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            yield break;
        }
        foreach (var manifest in System.IO.Directory.EnumerateFiles(root, "manifest.json", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            if (Read(manifest) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static ArchiveEntry? Read(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path));
            if (json?["updatedAt"]?.GetValue<string>() is not { } updated)
            {
                return null;
            }
            return new ArchiveEntry(Path.GetDirectoryName(path)!,
                json["endedAt"]?.GetValue<string>() is { } ended ? Parse(ended) : null,
                Parse(updated),
                json["retentionDays"]?.GetValue<int>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null; // a manifest being replaced, or not ours: the next sweep looks again
        }
    }

    private static DateTime Parse(string value) => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
