using System.Text.Json;
using System.Text.Json.Serialization;

namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>One phrase as the archive keeps it: times on the speaker's timeline, the source text, each translation, latencies.</summary>
public sealed class ArchivedPhrase
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("startSeconds")]
    public double StartSeconds { get; set; }

    [JsonPropertyName("endSeconds")]
    public double EndSeconds { get; set; }

    [JsonPropertyName("sourceLanguage")]
    public string? SourceLanguage { get; set; }

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>Word timings where the recognizer reports them; none of today's recognizers do, so this stays absent.</summary>
    [JsonPropertyName("words")]
    public List<ArchivedWord>? Words { get; set; }

    [JsonPropertyName("translations")]
    public Dictionary<string, string> Translations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per language, milliseconds from the end of speech: endpointing, asrFinalization, translation, synthesisFirstChunk, total.</summary>
    [JsonPropertyName("latencyMs")]
    public Dictionary<string, Dictionary<string, double>> LatencyMs { get; set; } = new(StringComparer.Ordinal);
}

public sealed record ArchivedWord(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("startSeconds")] double StartSeconds,
    [property: JsonPropertyName("endSeconds")] double EndSeconds);

/// <summary>
/// Every phrase of the session: appended as one JSON line per event while the session runs (<c>phrases.jsonl</c>: a killed
/// worker loses no line already written), and gathered into one JSON document per phrase at the end (<c>phrases.json</c>).
/// </summary>
public sealed class PhraseLog : IDisposable
{
    public static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly SortedDictionary<long, ArchivedPhrase> _phrases = [];
    private readonly StreamWriter _lines;

    public PhraseLog(string linesPath) => _lines = new StreamWriter(linesPath, append: false, new System.Text.UTF8Encoding(false));

    public long LinesBytes => _lines.BaseStream.Length;

    public int Count => _phrases.Count;

    public void Source(long id, string language, string text, TimeSpan start, TimeSpan end)
    {
        var phrase = Phrase(id);
        phrase.SourceLanguage = language;
        phrase.Source = text;
        phrase.StartSeconds = Math.Round(start.TotalSeconds, 3);
        phrase.EndSeconds = Math.Round(end.TotalSeconds, 3);
        Append(new { kind = "source", phrase = id, language, text, startSeconds = phrase.StartSeconds, endSeconds = phrase.EndSeconds });
    }

    public void Translation(long id, string language, string text)
    {
        Phrase(id).Translations[language] = text;
        Append(new { kind = "translation", phrase = id, language, text });
    }

    public void Latency(long id, string language, IReadOnlyDictionary<string, double> milliseconds)
    {
        Phrase(id).LatencyMs[language] = new Dictionary<string, double>(milliseconds, StringComparer.Ordinal);
        Append(new { kind = "latency", phrase = id, language, milliseconds });
    }

    /// <summary>Writes every phrase, in order, as one JSON array; returns its size.</summary>
    public long WriteDocument(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_phrases.Values, Json));
        File.Move(temporary, path, overwrite: true);
        return new FileInfo(path).Length;
    }

    public void Dispose() => _lines.Dispose();

    private ArchivedPhrase Phrase(long id)
    {
        if (!_phrases.TryGetValue(id, out var phrase))
        {
            phrase = new ArchivedPhrase { Id = id };
            _phrases[id] = phrase;
        }
        return phrase;
    }

    private void Append(object line)
    {
        _lines.Write(JsonSerializer.Serialize(line, Json));
        _lines.Write('\n');
        _lines.Flush();
    }
}
