using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// AWS Signature Version 4 for the adapters' own HTTP calls: an Authorization header for REST/JSON requests, or
/// a presigned URL (signature in the query) for the Transcribe WebSocket. The key derivation and HMACs come
/// from AWSSDK.Core's <see cref="AWS4Signer"/>; this type builds the canonical request around them.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Adds x-amz-date (and the session token) to <paramref name="headers"/> and returns the Authorization value.</summary>
    public static string Authorize(string method, Uri uri, IDictionary<string, string> headers, ReadOnlySpan<byte> body,
        string service, string region, ImmutableCredentials credentials, DateTime utcNow)
    {
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        headers["x-amz-date"] = amzDate;
        headers["host"] = HostHeader(uri);
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var canonicalHeaders = string.Concat(headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(' ', h.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .Select(h => $"{h.Name}:{h.Value}\n"));
        var payloadHash = Hex(AWS4Signer.ComputeHash(body.ToArray()));
        var canonical = string.Join('\n', method, CanonicalPath(uri), CanonicalQuery(uri.Query), canonicalHeaders, signedHeaders, payloadHash);
        var scope = Scope(utcNow, region, service);
        var signature = Sign(canonical, amzDate, scope, credentials.SecretKey, utcNow, region, service);
        return $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>A URL carrying its own signature (X-Amz-* query parameters), valid for <paramref name="expires"/>.</summary>
    public static Uri Presign(Uri uri, string service, string region, ImmutableCredentials credentials, DateTime utcNow, TimeSpan expires)
    {
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = Scope(utcNow, region, service);
        var query = ParseQuery(uri.Query);
        query["X-Amz-Algorithm"] = Algorithm;
        query["X-Amz-Credential"] = $"{credentials.AccessKey}/{scope}";
        query["X-Amz-Date"] = amzDate;
        query["X-Amz-Expires"] = ((int)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        query["X-Amz-SignedHeaders"] = "host";
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            query["X-Amz-Security-Token"] = credentials.Token;
        }

        var canonicalQuery = EncodeQuery(query);
        var emptyHash = Hex(AWS4Signer.ComputeHash(""));
        var canonical = string.Join('\n', "GET", CanonicalPath(uri), canonicalQuery, $"host:{HostHeader(uri)}\n", "host", emptyHash);
        var signature = Sign(canonical, amzDate, scope, credentials.SecretKey, utcNow, region, service);
        return new UriBuilder(uri) { Query = canonicalQuery + "&X-Amz-Signature=" + signature }.Uri;
    }

    private static string Sign(string canonicalRequest, string amzDate, string scope, string secretKey, DateTime utcNow, string region, string service)
    {
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(AWS4Signer.ComputeHash(canonicalRequest)));
        var key = AWS4Signer.ComposeSigningKey(secretKey, region, utcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), service);
        return Hex(AWS4Signer.ComputeKeyedHash(SigningAlgorithm.HmacSHA256, key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string Scope(DateTime utcNow, string region, string service) =>
        $"{utcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    private static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
    }

    private static string CanonicalQuery(string query) => EncodeQuery(ParseQuery(query));

    private static SortedDictionary<string, string> ParseQuery(string query)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            result[name] = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
        }

        return result;
    }

    private static string EncodeQuery(SortedDictionary<string, string> query) =>
        string.Join('&', query
            .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
