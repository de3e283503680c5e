using System.Globalization;

namespace BroadcastOperator.Aws;

/// <summary>Signs requests with SigV4, in the Authorization-header form and as a presigned URL.</summary>
public static class SigV4Signer
{
    /// <summary>
    /// Signs <paramref name="request"/> and returns the headers to add: X-Amz-Date, Authorization
    /// and, for temporary credentials, X-Amz-Security-Token. The request must carry a Host header.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SignHeaders(SigV4Request request,
        AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var amzDate = SigV4Algorithm.FormatDateTime(now);
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            added.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        }
        var withAdded = request with { Headers = [.. request.Headers.Where(h => !IsReplaced(h.Key)), .. added] };
        var signedHeaders = SigV4Algorithm.SignedHeaderNames(withAdded.Headers.Select(h => h.Key).Where(IsSignable));
        var scope = CredentialScope.For(now, region, service);
        var canonical = SigV4Algorithm.CanonicalRequest(withAdded, signedHeaders);
        var signature = SigV4Algorithm.Signature(credentials.SecretAccessKey, scope,
            SigV4Algorithm.StringToSign(amzDate, scope, canonical));
        added.Add(new("Authorization",
            $"{SigV4Algorithm.Algorithm} Credential={credentials.AccessKeyId}/{scope}, " +
            $"SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}"));
        return added;
    }

    /// <summary>
    /// Presigns a GET of <paramref name="url"/> (wss:// or https://) with <paramref name="parameters"/>,
    /// signing only the host header, with the session token inside the signed query as KVS expects.
    /// </summary>
    public static Uri PresignUrl(Uri url, IEnumerable<KeyValuePair<string, string>> parameters,
        AwsCredentials credentials, string region, string service, DateTimeOffset now, TimeSpan expires)
    {
        var amzDate = SigV4Algorithm.FormatDateTime(now);
        var scope = CredentialScope.For(now, region, service);
        var query = new List<KeyValuePair<string, string>>(parameters)
        {
            new("X-Amz-Algorithm", SigV4Algorithm.Algorithm),
            new("X-Amz-Credential", $"{credentials.AccessKeyId}/{scope}"),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", "host"),
        };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            query.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        }
        var path = string.IsNullOrEmpty(url.AbsolutePath) ? "/" : url.AbsolutePath;
        var request = new SigV4Request("GET", path, query, [new("host", HostHeader(url))],
            SigV4Algorithm.EmptyPayloadSha256);
        var canonical = SigV4Algorithm.CanonicalRequest(request, ["host"]);
        var signature = SigV4Algorithm.Signature(credentials.SecretAccessKey, scope,
            SigV4Algorithm.StringToSign(amzDate, scope, canonical));
        query.Add(new("X-Amz-Signature", signature));
        var queryText = string.Join('&', query
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => SigV4Encoding.UriEncode(p.Key) + "=" + SigV4Encoding.UriEncode(p.Value)));
        return new Uri($"{url.Scheme}://{HostHeader(url)}{path}?{queryText}");
    }

    /// <summary>The Host header a client sends: the port only when it is not the scheme's default.</summary>
    public static string HostHeader(Uri url) => url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}";

    private static bool IsReplaced(string name) =>
        name.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase);

    /// <summary>Headers a proxy may rewrite are not signed.</summary>
    private static bool IsSignable(string name) =>
        !name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase);
}
