using System.Text;

namespace BroadcastOperator.Aws;

/// <summary>
/// The percent-encoding SigV4 signs: RFC 3986 unreserved characters stay, everything else is
/// %XX with upper-case hex over UTF-8 bytes (so `!'()*` are encoded, unlike JavaScript's
/// encodeURIComponent).
/// </summary>
public static class SigV4Encoding
{
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsUnreserved((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }
            if (!encodeSlash && rune.Value == '/')
            {
                builder.Append('/');
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>Decodes %XX sequences (and nothing else: `+` stays a plus, as SigV4 treats it).</summary>
    public static string PercentDecode(string value) =>
        value.Contains('%') ? Uri.UnescapeDataString(value) : value;

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';
}
