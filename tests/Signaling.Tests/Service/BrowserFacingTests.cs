using System.Net;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

[Collection(SignalingServiceCollection.Name)]
public sealed class BrowserFacingTests(SignalingServiceFixture service) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
    {
        BaseAddress = service.Endpoint,
    };

    [Fact]
    public async Task Opening_the_origin_in_a_browser_shows_a_page_to_accept_the_certificate()
    {
        using var response = await _http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("certificate accepted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Control_plane_allows_cross_origin_calls_from_pages_and_exposes_the_error_type()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/getSignalingChannelEndpoint");
        preflight.Headers.Add("Origin", "http://127.0.0.1:8080");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,x-amz-date,x-amz-security-token,content-type");

        using var response = await _http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/describeSignalingChannel") { Content = new StringContent("{}") };
        unsigned.Headers.Add("Origin", "http://127.0.0.1:8080");
        using var denied = await _http.SendAsync(unsigned);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("x-amzn-ErrorType", denied.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("MissingAuthenticationTokenException", denied.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    public void Dispose() => _http.Dispose();
}
