using System.Net;
using System.Net.WebSockets;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>
/// Firefox opens the signaling WebSocket over HTTP/2 (RFC 8441 extended CONNECT) once TLS negotiated h2; the KVS SDKs
/// and Chromium over HTTP/1.1. .NET's ClientWebSocket pinned to one version stands in for both.
/// </summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class Http2WebSocketTests(SignalingServiceFixture service)
{
    [Theory]
    [InlineData("2.0", "2.0")]
    [InlineData("2.0", "1.1")]
    [InlineData("1.1", "2.0")]
    public async Task Master_and_viewer_exchange_offer_and_answer_over_either_http_version(string masterHttp, string viewerHttp)
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master, httpVersion: Version.Parse(masterHttp));
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "firefox-1", httpVersion: Version.Parse(viewerHttp));

        await viewer.SendSdpOfferAsync("v=0 offer over " + viewerHttp);
        var offer = await master.NextAsync(SignalingMessageTypes.SdpOffer);
        await master.SendSdpAnswerAsync("v=0 answer over " + masterHttp, offer.SenderClientId);
        var answer = await viewer.NextAsync(SignalingMessageTypes.SdpAnswer);

        // An HTTP/1.1 Upgrade answers 101 Switching Protocols; an HTTP/2 extended CONNECT answers 200 and keeps the stream.
        Assert.Equal((ExpectedStatus(masterHttp), ExpectedStatus(viewerHttp)), (master.ConnectStatusCode, viewer.ConnectStatusCode));
        Assert.Equal(("firefox-1", "v=0 offer over " + viewerHttp), (offer.SenderClientId, offer.Sdp));
        Assert.Equal("v=0 answer over " + masterHttp, answer.Sdp);
    }

    [Fact]
    public async Task Refusal_over_http2_is_an_http_status_before_any_websocket()
    {
        var arn = await service.CreateChannelAsync();
        var forged = SignalingServiceFixture.Operator with { SecretAccessKey = "not-the-secret" };
        await using var client = new KvsSignalingClient(service.ClientOptions(arn, ChannelRole.Master, null, forged, HttpVersion.Version20));

        await Assert.ThrowsAnyAsync<WebSocketException>(() => client.ConnectAsync());

        Assert.Equal(HttpStatusCode.Forbidden, client.ConnectStatusCode);
    }

    [Fact]
    public async Task Certificate_page_is_served_over_http2_too()
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = SignalingServiceFixture.TrustAll } };
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync(service.Endpoint);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        Assert.Contains("certificate accepted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Extended_connect_for_another_protocol_is_refused()
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = SignalingServiceFixture.TrustAll } };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Connect, service.Endpoint)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Protocol = "webtransport";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidArgumentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    private static HttpStatusCode ExpectedStatus(string httpVersion) =>
        httpVersion == "2.0" ? HttpStatusCode.OK : HttpStatusCode.SwitchingProtocols;
}
