using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;

namespace BroadcastOperator.EmbeddedKube.Selectors;

/// <summary>
/// The label selector syntax of the API: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (does not exist), comma-separated and ANDed.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Func<JsonObject?, bool>> _requirements;

    private LabelSelector(IReadOnlyList<Func<JsonObject?, bool>> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(JsonObject? labels) => _requirements.All(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Func<JsonObject?, bool>>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim()));
        }
        return new LabelSelector(requirements);
    }

    private static Func<JsonObject?, bool> ParseTerm(string term)
    {
        if (term.Length == 0)
        {
            throw Invalid(term);
        }
        if (term[0] == '!')
        {
            var key = CheckKey(term[1..].Trim());
            return labels => labels?[key] is null;
        }
        var setMatch = SetOperator(term);
        if (setMatch is { } set)
        {
            var values = set.Values.ToHashSet(StringComparer.Ordinal);
            return set.In
                ? labels => Value(labels, set.Key) is { } v && values.Contains(v)
                : labels => Value(labels, set.Key) is not { } v || !values.Contains(v);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = CheckKey(term[..at].Trim());
                var value = term[(at + op.Length)..].Trim();
                return op == "!="
                    ? labels => Value(labels, key) != value
                    : labels => Value(labels, key) == value;
            }
        }
        var existsKey = CheckKey(term);
        return labels => labels?[existsKey] is not null;
    }

    private static (string Key, bool In, string[] Values)? SetOperator(string term)
    {
        var open = term.IndexOf('(');
        if (open < 0)
        {
            return null;
        }
        if (!term.EndsWith(')'))
        {
            throw Invalid(term);
        }
        var head = term[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (head.Length != 2 || head[1] is not ("in" or "notin"))
        {
            throw Invalid(term);
        }
        var values = term[(open + 1)..^1].Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
        return (CheckKey(head[0]), head[1] == "in", values);
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }

    private static string? Value(JsonObject? labels, string key) =>
        labels?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string CheckKey(string key) =>
        key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
            ? throw Invalid(key)
            : key;

    private static ApiException Invalid(string term) =>
        ApiException.BadRequest($"unable to parse requirement: invalid label selector term \"{term}\"");
}
