using System.Text.Json;
using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Archive;

/// <summary>
/// <c>manifest.json</c> beside the files: what the archive holds, rewritten every few seconds while the session runs and
/// once more at its end (<see cref="Complete"/>). Written to a temporary file and renamed, so a reader never sees half of one.
/// The worker writes it; the operator's retention sweep and SessionApi read it (the archive index).
/// </summary>
public sealed class ArchiveManifest
{
    public const string FileName = "manifest.json";

    /// <summary>Nulls left out, names as the properties say.</summary>
    public static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = "";

    [JsonPropertyName("session")]
    public string Session { get; set; } = "";

    [JsonPropertyName("speakerId")]
    public string? SpeakerId { get; set; }

    [JsonPropertyName("sourceLanguage")]
    public string SourceLanguage { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTime StartedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTime UpdatedAt { get; set; }

    /// <summary>When the session ended and the last byte was written; absent while recording (or after a crash).</summary>
    [JsonPropertyName("endedAt")]
    public DateTime? EndedAt { get; set; }

    [JsonPropertyName("complete")]
    public bool Complete { get; set; }

    /// <summary>Why the archive is not complete although the session ended (a write or the final flush failed); absent otherwise.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("retentionDays")]
    public int? RetentionDays { get; set; }

    [JsonPropertyName("phrases")]
    public int Phrases { get; set; }

    [JsonPropertyName("files")]
    public List<ArchiveManifestFile> Files { get; set; } = [];

    public void WriteTo(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ArchiveManifest? TryRead(string directory)
    {
        try
        {
            return TryParse(File.ReadAllText(Path.Combine(directory, FileName)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The manifest in <paramref name="json"/>; null when it is not one.</summary>
    public static ArchiveManifest? TryParse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ArchiveManifest>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The listed file named exactly <paramref name="name"/>; null for anything else (the only names served).</summary>
    public ArchiveManifestFile? Find(string name) => Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}

/// <summary>One file of the archive. Kind: audio, captions, phrases.</summary>
public sealed record ArchiveManifestFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("durationSeconds")] double? DurationSeconds);
