using System.Text.Json.Nodes;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Folds Transcribe TranscriptEvents into text. Results are keyed by ResultId: a partial result is replaced by
/// later versions until it arrives with IsPartial=false. With partial-results stabilization, a partial caption
/// shows only the items Transcribe marked Stable, so listeners never see words that are later taken back.
/// </summary>
public sealed class TranscriptAssembler
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (string Text, string StableText, bool IsPartial)> _results = new(StringComparer.Ordinal);

    /// <summary>Text of the finished results, in order.</summary>
    public string FinalText => Join(r => r.IsPartial ? "" : r.Text);

    /// <summary>Finished results plus the stable part of the open ones: safe to show as a partial caption.</summary>
    public string StableText => Join(r => r.IsPartial ? r.StableText : r.Text);

    /// <summary>Everything heard so far, unstable words included.</summary>
    public string FullText => Join(r => r.Text);

    /// <summary>Applies one TranscriptEvent payload; returns false when it held no result.</summary>
    public bool Apply(JsonNode? transcriptEvent)
    {
        var results = transcriptEvent?["Transcript"]?["Results"]?.AsArray();
        if (results is null || results.Count == 0)
        {
            return false;
        }

        foreach (var result in results)
        {
            var id = result?["ResultId"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            var alternative = result?["Alternatives"]?.AsArray().FirstOrDefault();
            var text = alternative?["Transcript"]?.GetValue<string>() ?? "";
            var items = alternative?["Items"]?.AsArray();
            var stable = items is null || items.All(i => i?["Stable"] is null)
                ? text
                : string.Join(' ', items.TakeWhile(i => i?["Stable"]?.GetValue<bool>() == true)
                    .Select(i => i?["Content"]?.GetValue<string>() ?? "")
                    .Where(c => c.Length > 0));
            var isPartial = result?["IsPartial"]?.GetValue<bool>() ?? false;
            if (!_results.ContainsKey(id))
            {
                _order.Add(id);
            }

            _results[id] = (text, stable, isPartial);
        }

        return true;
    }

    private string Join(Func<(string Text, string StableText, bool IsPartial), string> select) =>
        string.Join(' ', _order.Select(id => select(_results[id]).Trim()).Where(t => t.Length > 0));
}
