using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;

namespace BroadcastOperator.EmbeddedKube.Selectors;

/// <summary>
/// Field selectors (<c>metadata.name=x,status.phase!=Running</c>). Any dotted path of the object
/// is accepted, a superset of the few fields a real server indexes per kind.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string[] Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string[] Path, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name the selector pins with <c>metadata.name=</c>, if it does.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Equal && t.Path is ["metadata", "name"]).Value;

    public bool Matches(JsonObject obj) => _terms.All(t => (Read(obj, t.Path) == t.Value) == t.Equal);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var terms = new List<(string[], bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (at, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : term.IndexOf('=') is var e and > 0 ? (e, 1, true)
                : throw ApiException.BadRequest($"invalid field selector: \"{term}\": expected field=value or field!=value");
            var field = term[..at].Trim();
            terms.Add((field.Split('.'), equal, term[(at + length)..].Trim()));
        }
        return new FieldSelector(terms);
    }

    private static string Read(JsonObject obj, string[] path)
    {
        JsonNode? current = obj;
        foreach (var segment in path)
        {
            current = (current as JsonObject)?[segment];
        }
        return current switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => current.ToJsonString(),
        };
    }
}
