using BroadcastOperator.SessionApi.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>
/// Served pairs from `SessionApi:ServedPairs` (`en-es` items), defaulting to the pairs of the embedded Debian
/// engines (pocketsphinx en, apertium eng-spa and eng-cat, espeak-ng). Configured, not probed: SessionApi does
/// not run the engines, the workers do.
/// </summary>
public sealed class ConfiguredLanguageSupport : ILanguageSupport
{
    public static readonly IReadOnlyList<string> DefaultPairs = ["en-es", "en-ca"];

    private readonly HashSet<(string Source, string Target)> _pairs;

    public ConfiguredLanguageSupport(IOptions<SessionApiOptions> options)
        : this(options.Value.ServedPairs.Count > 0 ? options.Value.ServedPairs : DefaultPairs)
    {
    }

    public ConfiguredLanguageSupport(IEnumerable<string> pairs)
    {
        _pairs = [];
        foreach (var pair in pairs)
        {
            if (!TryParsePair(pair, out var parsed))
            {
                throw new OptionsValidationException(SessionApiOptions.Section, typeof(SessionApiOptions),
                    [$"SessionApi:ServedPairs: '{pair}' is not a pair like en-es or en-pt-BR"]);
            }
            _pairs.Add(parsed);
        }
    }

    public bool Serves(string source, string target) => source == target || _pairs.Contains((source, target));

    public IReadOnlyList<string> DescribeServedPairs() =>
        [.. _pairs.OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Target, StringComparer.Ordinal).Select(p => $"{p.Source}->{p.Target}")];

    /// <summary>`en-es`, `en-pt-BR`, `pt-BR-en`: the source is the leading tag, a region only when upper-case.</summary>
    public static bool TryParsePair(string text, out (string Source, string Target) pair)
    {
        pair = default;
        var parts = text.Split(['-', '>'], StringSplitOptions.RemoveEmptyEntries);
        var sourceLength = parts.Length > 2 && parts[1].All(char.IsAsciiLetterUpper) ? 2 : 1;
        if (parts.Length < sourceLength + 1)
        {
            return false;
        }
        var source = string.Join('-', parts[..sourceLength]);
        var target = string.Join('-', parts[sourceLength..]);
        if (!LanguageTags.IsValid(source) || !LanguageTags.IsValid(target))
        {
            return false;
        }
        pair = (source, target);
        return true;
    }
}
