using System.Net;
using System.Net.Http.Headers;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Sends SigV4-signed requests to one AWS service, retrying throttling and server errors with exponential
/// backoff and full jitter; any other failure is reported at once with the service's own message.
/// </summary>
public sealed class AwsJsonClient
{
    private readonly HttpClient _http;
    private readonly AwsServiceOptions _options;
    private readonly string _service;
    private readonly Uri _endpoint;

    public AwsJsonClient(HttpClient http, AwsServiceOptions options, string service, string endpointHost)
    {
        _http = http;
        _options = options;
        _service = service;
        _endpoint = options.Endpoint ?? new Uri($"https://{endpointHost}.{options.Region}.amazonaws.com/");
    }

    public Uri Endpoint => _endpoint;

    /// <summary>Sends the body and returns the response (headers read, body streaming) once it succeeded.</summary>
    public async Task<HttpResponseMessage> SendAsync(string path, byte[] body, string contentType, IReadOnlyDictionary<string, string> extraHeaders,
        CancellationToken cancellationToken, RequestRateLimiter? limiter = null)
    {
        var uri = new Uri(_endpoint, path);
        for (var attempt = 1; ; attempt++)
        {
            if (limiter is not null)
            {
                await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            using var request = BuildRequest(uri, body, contentType, extraHeaders);
            HttpResponseMessage? response = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                var error = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode) || attempt >= _options.MaxAttempts)
                {
                    throw new AwsServiceException(_service, response.StatusCode, error);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && attempt < _options.MaxAttempts)
            {
                // connection reset or per-attempt timeout: retry
            }

            response?.Dispose();
            var cap = _options.BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap), cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage BuildRequest(Uri uri, byte[] body, string contentType, IReadOnlyDictionary<string, string> extraHeaders)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["content-type"] = contentType };
        foreach (var (name, value) in extraHeaders)
        {
            headers[name] = value;
        }

        var authorization = SigV4.Authorize("POST", uri, headers, body, _service, _options.Region, _options.ResolveCredentials(), DateTime.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            if (name is not ("content-type" or "host"))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
