using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// Deterministic channel names, so a restarted operator finds what it created before instead of
/// creating duplicates. `{namespace}_{name}_source` and `{namespace}_{name}_{language}`: '_' never
/// appears in Kubernetes names or language tags, so one session's prefix never matches another
/// session's channels, and "source" is no language tag. KVS allows [a-zA-Z0-9_.-]{1,256}.
/// </summary>
public static class ChannelNames
{
    public const int MaxLength = 256;
    public const string SourceSuffix = "source";

    // Longest suffix: a language tag such as "pt-BR" or "source".
    private const int MaxSuffixLength = 8;

    public static string Prefix(string ns, string name)
    {
        var prefix = $"{ns}_{name}_";
        if (prefix.Length <= MaxLength - MaxSuffixLength)
        {
            return prefix;
        }
        // Too long for KVS: keep a readable head and make it unique with a hash of the full name.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix)))[..16];
        var head = prefix[..(MaxLength - MaxSuffixLength - hash.Length - 2)].Replace('_', '-');
        return $"{head}-{hash}_";
    }

    public static string Source(string ns, string name) => Prefix(ns, name) + SourceSuffix;

    public static string ForLanguage(string ns, string name, string language) => Prefix(ns, name) + language;

    public static bool IsValid(string channelName) =>
        channelName.Length is > 0 and <= MaxLength && channelName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
