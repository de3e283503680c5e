namespace BroadcastOperator.Aws;

/// <summary>
/// A transport-neutral view of an HTTP request, enough to sign or verify it: both ASP.NET Core
/// requests and HttpRequestMessages are converted to this.
/// </summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">The path as sent on the wire (still percent-encoded), starting with '/'.</param>
/// <param name="Query">Decoded query parameters in the order received; names may repeat.</param>
/// <param name="Headers">Header names (any case) with their values.</param>
/// <param name="PayloadSha256Hex">Lower-case hex SHA-256 of the body (of the empty string for none).</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadSha256Hex)
{
    /// <summary>The first header of that name, case-insensitively.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The first query parameter of that exact name (SigV4 names are case-sensitive).</summary>
    public string? QueryValue(string name)
    {
        foreach (var (key, value) in Query)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Splits a raw query string ("a=1&amp;b=%2F") into decoded pairs, by name, never by position.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQueryString(string? rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return result;
        }
        var query = rawQuery[0] == '?' ? rawQuery[1..] : rawQuery;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            result.Add(new(SigV4Encoding.PercentDecode(name), SigV4Encoding.PercentDecode(value)));
        }
        return result;
    }
}
