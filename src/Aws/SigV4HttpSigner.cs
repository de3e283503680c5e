namespace BroadcastOperator.Aws;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with <see cref="SigV4Signer"/> (Authorization-header form), signing the
/// host, the content type and every x-amz-* header it carries (e.g. X-Amz-Target).
/// </summary>
public static class SigV4HttpSigner
{
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, AwsCredentials credentials,
        string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("Request has no URI");
        var headers = new List<KeyValuePair<string, string>> { new("host", SigV4Signer.HostHeader(uri)) };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(name, string.Join(',', values)));
            }
        }
        var signable = new SigV4Request(request.Method.Method, uri.AbsolutePath, SigV4Request.ParseQueryString(uri.Query),
            headers, SigV4Algorithm.Sha256Hex(body));
        foreach (var (name, value) in SigV4Signer.SignHeaders(signable, credentials, region, service, now))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
