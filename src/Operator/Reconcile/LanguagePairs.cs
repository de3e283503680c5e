namespace BroadcastOperator.Operator.Reconcile;

/// <summary>A `source->target` direction, as configured and as shown in messages.</summary>
public readonly record struct LanguagePair(string Source, string Target)
{
    public override string ToString() => $"{Source}->{Target}";
}

public static class LanguagePairs
{
    public static bool TryParse(string text, out LanguagePair pair)
    {
        var parts = text.Split("->", StringSplitOptions.TrimEntries);
        pair = parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? new LanguagePair(parts[0], parts[1]) : default;
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0;
    }
}

/// <summary>Decides whether the workers can serve a session's languages.</summary>
public interface ILanguagePairPolicy
{
    /// <summary>Null when every target is served; else a message naming what is not served and what is.</summary>
    string? Check(string source, IEnumerable<string> targets);
}

/// <summary>
/// A fixed list of served pairs from configuration. The operator does not probe engines itself: the
/// engines live in the worker image, not in the operator's, so the list describes that image.
/// </summary>
public sealed class ConfiguredLanguagePairPolicy(IEnumerable<LanguagePair> served) : ILanguagePairPolicy
{
    private readonly LanguagePair[] _served = served.Distinct().OrderBy(p => p.ToString(), StringComparer.Ordinal).ToArray();

    public static ConfiguredLanguagePairPolicy FromStrings(IEnumerable<string> pairs) =>
        new(pairs.Select(p => LanguagePairs.TryParse(p, out var pair) ? pair : throw new FormatException($"not a language pair: {p}")));

    public string? Check(string source, IEnumerable<string> targets)
    {
        var missing = targets.Where(t => t != source && !_served.Contains(new LanguagePair(source, t))).ToArray();
        if (missing.Length == 0)
        {
            return null;
        }
        var served = _served.Length == 0 ? "none" : string.Join(", ", _served);
        return $"No engine serves {string.Join(", ", missing.Select(t => $"{source}->{t}"))}. "
            + $"Change spec.sourceLanguage/spec.targetLanguages to served pairs ({served}) or use engines: aws.";
    }
}
