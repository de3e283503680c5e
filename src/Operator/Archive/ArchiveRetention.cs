using System.Globalization;
using System.Text.Json.Nodes;

namespace BroadcastOperator.Operator.Archive;

/// <summary>
/// One session archive as its manifest describes it: where it is (a folder, or a key prefix in S3), when it last changed
/// or ended, and how long it is kept.
/// </summary>
public sealed record ArchiveEntry(string Location, DateTime? EndedAt, DateTime UpdatedAt, int? RetentionDays);

/// <summary>
/// Which archives have outlived their retention: a pure decision over the archive index (the manifests), kept apart from
/// the sweep that reads the index and deletes. The clock starts when the session ended; an archive whose worker died
/// before ending it counts from its last update. One without a retention is kept.
/// </summary>
public static class ArchiveRetention
{
    public static IReadOnlyList<ArchiveEntry> Expired(IEnumerable<ArchiveEntry> archives, DateTime now) =>
        archives.Where(a => a.RetentionDays is { } days && (a.EndedAt ?? a.UpdatedAt).AddDays(days) <= now).ToList();

    /// <summary>The archive index of a folder: every {root}/{namespace}/{session}/manifest.json that reads; the others are left alone.</summary>
    public static IEnumerable<ArchiveEntry> Index(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            yield break;
        }
        foreach (var manifest in System.IO.Directory.EnumerateFiles(root, "manifest.json", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            string json;
            try
            {
                json = File.ReadAllText(manifest);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // being replaced: the next sweep looks again
            }
            if (Parse(json, Path.GetDirectoryName(manifest)!) is { } entry)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The entry a manifest describes; null for one that does not read (half written, or not ours).</summary>
    public static ArchiveEntry? Parse(string json, string location)
    {
        try
        {
            var manifest = JsonNode.Parse(json);
            if (manifest?["updatedAt"]?.GetValue<string>() is not { } updated)
            {
                return null;
            }
            return new ArchiveEntry(location,
                manifest["endedAt"]?.GetValue<string>() is { } ended ? ParseTime(ended) : null,
                ParseTime(updated),
                manifest["retentionDays"]?.GetValue<int>());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static DateTime ParseTime(string value) => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
