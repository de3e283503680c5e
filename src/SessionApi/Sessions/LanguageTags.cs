using System.Text.RegularExpressions;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>The CRD's language rule: a BCP-47 primary tag with an optional region (en, pt-BR).</summary>
public static partial class LanguageTags
{
    public static bool IsValid(string? tag) => tag is not null && Pattern().IsMatch(tag);

    [GeneratedRegex(BroadcastSessionSpec.LanguagePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
