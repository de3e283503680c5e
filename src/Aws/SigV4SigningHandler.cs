namespace BroadcastOperator.Aws;

/// <summary>An HttpClient handler that SigV4-signs every request (Authorization header form).</summary>
public sealed class SigV4SigningHandler(IAwsCredentialsSource credentials, string region, string service,
    TimeProvider? time = null) : DelegatingHandler
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("Request has no URI");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>> { new("host", SigV4Signer.HostHeader(uri)) };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }
        var signable = new SigV4Request(request.Method.Method, uri.AbsolutePath,
            SigV4Request.ParseQueryString(uri.Query), headers, SigV4Algorithm.Sha256Hex(body));
        var current = await credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in SigV4Signer.SignHeaders(signable, current, region, service, _time.GetUtcNow()))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
