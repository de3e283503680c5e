using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.Aws;

/// <summary>
/// The pieces of AWS Signature Version 4 shared by signing and verification: canonical request,
/// string to sign, signing key and signature.
/// </summary>
public static class SigV4Algorithm
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDateTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, DateTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The canonical request. <paramref name="excludedQueryParameter"/> is the signature parameter
    /// of a presigned URL, which is not part of what it signs.
    /// </summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders,
        string? excludedQueryParameter = null)
    {
        var builder = new StringBuilder(512);
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(request.Path)).Append('\n');
        builder.Append(CanonicalQuery(request.Query, excludedQueryParameter)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }
        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(request.PayloadSha256Hex);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, CredentialScope scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest)}";

    public static byte[] SigningKey(string secretAccessKey, CredentialScope scope)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope.Date);
        key = Hmac(key, scope.Region);
        key = Hmac(key, scope.Service);
        return Hmac(key, CredentialScope.Terminator);
    }

    public static string Signature(string secretAccessKey, CredentialScope scope, string stringToSign) =>
        Convert.ToHexStringLower(Hmac(SigningKey(secretAccessKey, scope), stringToSign));

    /// <summary>Lower-case header names, sorted, as SignedHeaders lists them.</summary>
    public static List<string> SignedHeaderNames(IEnumerable<string> headerNames) =>
        headerNames.Select(h => h.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Non-S3 services sign the path URI-encoded once more, slashes kept.</summary>
    private static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) ? "/" : SigV4Encoding.UriEncode(path, encodeSlash: false);

    private static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>> query, string? excluded)
    {
        var pairs = new List<(string Name, string Value)>(query.Count);
        foreach (var (name, value) in query)
        {
            if (excluded is not null && string.Equals(name, excluded, StringComparison.Ordinal))
            {
                continue;
            }
            pairs.Add((SigV4Encoding.UriEncode(name), SigV4Encoding.UriEncode(value)));
        }
        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Values of every header of that name, trimmed, inner runs of spaces collapsed, comma-joined.</summary>
    private static string CanonicalHeaderValue(SigV4Request request, string lowerName)
    {
        var values = request.Headers
            .Where(h => string.Equals(h.Key, lowerName, StringComparison.OrdinalIgnoreCase))
            .Select(h => CollapseSpaces(h.Value.Trim()));
        return string.Join(',', values);
    }

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }
            previousSpace = c == ' ';
            builder.Append(c);
        }
        return builder.ToString();
    }
}
