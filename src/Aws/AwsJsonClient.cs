using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Timeout;

namespace BroadcastOperator.Aws;

/// <summary>
/// Calls one JSON-speaking AWS service (KVS control plane, Translate, Polly): POSTs a body with the service's
/// content type (and X-Amz-Target where its protocol has one), SigV4-signed afresh for every attempt, retried by
/// <see cref="AwsRetryPipeline"/>; a refusal comes back as <see cref="AwsServiceException"/>.
/// </summary>
public sealed class AwsJsonClient
{
    private readonly HttpClient _http;
    private readonly AwsJsonService _service;
    private readonly string _region;
    private readonly IAwsCredentialsSource _credentials;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <param name="endpoint">The service's endpoint; null for its regional AWS endpoint.</param>
    public AwsJsonClient(HttpClient http, AwsJsonService service, string region, Uri? endpoint,
        IAwsCredentialsSource credentials, AwsRetryOptions? retry = null, TimeProvider? time = null)
    {
        _http = http;
        _service = service;
        _region = region;
        _credentials = credentials;
        _retry = retry ?? new AwsRetryOptions();
        _time = time ?? TimeProvider.System;
        _pipeline = AwsRetryPipeline.Create(_retry, _time);
        Endpoint = endpoint ?? service.RegionalEndpoint(region);
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="path"/> (of <paramref name="endpoint"/>, by default the
    /// client's) and returns the successful response with its body still streaming. <paramref name="beforeAttempt"/>
    /// runs before every attempt (a rate limiter's wait).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string path, byte[] body, CancellationToken cancellationToken,
        string? operation = null, Uri? endpoint = null, Func<CancellationToken, Task>? beforeAttempt = null)
    {
        var uri = new Uri(endpoint ?? Endpoint, path);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                if (beforeAttempt is not null)
                {
                    await beforeAttempt(token).ConfigureAwait(false);
                }
                using var request = await BuildRequestAsync(uri, body, operation, token).ConfigureAwait(false);
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            // Reported as HttpClient reports its own timeout.
            throw new TaskCanceledException($"{_service.SigningName} did not answer within {_retry.AttemptTimeout}", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw AwsErrorResponse.ToException(_service.SigningName, response, text);
        }
    }

    /// <summary>Sends <paramref name="request"/> as JSON and reads the answer as <typeparamref name="TResponse"/> (an empty body as `{}`).</summary>
    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(string path, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, string? operation = null, Uri? endpoint = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        using var response = await SendAsync(path, body, cancellationToken, operation, endpoint).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, responseType)
                ?? throw AwsServiceException.Malformed(_service.SigningName, "JSON body");
        }
        catch (JsonException)
        {
            throw AwsServiceException.Malformed(_service.SigningName, "JSON body");
        }
    }

    private async Task<HttpRequestMessage> BuildRequestAsync(Uri uri, byte[] body, string? operation, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_service.Protocol.ContentType);
        if (_service.Protocol.Target(operation) is { } target)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        SigV4HttpSigner.Sign(request, body, credentials, _region, _service.SigningName, _time.GetUtcNow());
        return request;
    }
}
