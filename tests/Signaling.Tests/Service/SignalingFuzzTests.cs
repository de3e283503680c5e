using System.Net;
using System.Net.WebSockets;
using System.Text;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;
using BroadcastOperator.TestSupport.Fuzzing;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>
/// The running service given junk SigV4 (Authorization headers, presigned WebSocket URLs) and signed request bodies of
/// random structure: every answer is a 4xx (or a 2xx for what is still valid), never a 5xx, a dropped connection or a hang.
/// </summary>
[Collection(SignalingServiceCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class SignalingFuzzTests(SignalingServiceFixture service) : IDisposable
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);
    private static readonly string[] Routes =
        ["/createSignalingChannel", "/describeSignalingChannel", "/listSignalingChannels", "/getSignalingChannelEndpoint",
         "/deleteSignalingChannel", "/updateSignalingChannel", "/TagResource", "/UntagResource"];

    private readonly HttpClient _http = new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
    {
        Timeout = PerCase,
    };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Junk_authorization_headers_on_the_control_plane_get_4xx()
    {
        var seed = FuzzRun.Seed(1821);
        var cases = FuzzRun.Cases(1500);
        var fuzz = new TextFuzz(new Random(seed));
        var statuses = new StatusTally();
        for (var i = 0; i < cases; i++)
        {
            var signed = Sign("/listSignalingChannels", "{}", SignalingServiceFixture.Operator);
            var authorization = fuzz.Next(signed.Single(h => h.Key == "Authorization").Value, asciiOnly: true);
            var headers = signed.Select(h => h.Key == "Authorization" ? new KeyValuePair<string, string>(h.Key, authorization) : h);
            var status = await Post("/listSignalingChannels", "{}", headers, $"seed {seed} case {i}: {authorization}");
            statuses.Add(status);
        }

        FuzzRun.Report("signaling-authorization-header", cases, seed, statuses.ToString());
    }

    [Fact]
    public async Task Signed_bodies_of_random_structure_get_4xx_or_a_valid_answer()
    {
        var seed = FuzzRun.Seed(1822);
        var cases = FuzzRun.Cases(1500);
        var random = new Random(seed);
        var fuzz = new JsonFuzz(random);
        var arn = await service.CreateChannelAsync("fuzz");
        string[] seeds =
        [
            """{"ChannelName":"fuzz-x","ChannelType":"SINGLE_MASTER","Tags":[{"Key":"a","Value":"b"}]}""",
            $$"""{"ChannelARN":"{{arn}}"}""",
            """{"MaxResults":10,"ChannelNameCondition":{"ComparisonOperator":"BEGINS_WITH","ComparisonValue":"fuzz"}}""",
            $$$"""{"ChannelARN":"{{{arn}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":["WSS","HTTPS"],"Role":"VIEWER"}}""",
            $$$"""{"ChannelARN":"{{{arn}}}","CurrentVersion":"1","SingleMasterConfiguration":{"MessageTtlSeconds":60}}""",
            $$"""{"ResourceARN":"{{arn}}","Tags":[{"Key":"k","Value":"v"}],"TagKeyList":["k"]}""",
        ];
        var statuses = new StatusTally();
        for (var i = 0; i < cases; i++)
        {
            var route = Routes[random.Next(Routes.Length)];
            if (route == "/deleteSignalingChannel")
            {
                route = "/describeSignalingChannel"; // keep the seed channel: deleting is covered by the control-plane tests
            }

            var body = fuzz.Next(seeds[random.Next(seeds.Length)]);
            var status = await Post(route, body, Sign(route, body, SignalingServiceFixture.Operator), $"seed {seed} case {i}: {route} {body}");
            statuses.Add(status);
        }

        FuzzRun.Report("signaling-request-bodies", cases, seed, statuses.ToString());
    }

    [Fact]
    public async Task Junk_presigned_websocket_urls_are_refused_with_4xx()
    {
        var seed = FuzzRun.Seed(1823);
        var cases = FuzzRun.Cases(600);
        var fuzz = new TextFuzz(new Random(seed));
        var arn = await service.CreateChannelAsync("fuzzws");
        var statuses = new StatusTally();
        for (var i = 0; i < cases; i++)
        {
            var viewer = service.Issuer.Issue(arn, ChannelRole.Viewer, "viewer-" + i).ToAwsCredentials();
            var url = SigV4Signer.PresignUrl(service.WssEndpoint, [new("X-Amz-ChannelARN", arn), new("X-Amz-ClientId", "viewer-" + i)],
                viewer, SignalingServiceFixture.Region, "kinesisvideo", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(300));
            var junk = fuzz.Next(url.Query, asciiOnly: true).Replace("#", "%23");
            var status = await OpenWebSocket(new Uri(service.WssEndpoint, "/?" + junk.TrimStart('?')), $"seed {seed} case {i}: {junk}");
            statuses.Add(status);
        }

        FuzzRun.Report("signaling-presigned-url", cases, seed, statuses.ToString());
    }

    private List<KeyValuePair<string, string>> Sign(string route, string body, AwsCredentials credentials)
    {
        var host = $"127.0.0.1:{service.Endpoint.Port}";
        var request = new SigV4Request("POST", route, [], [new("host", host), new("content-type", "application/json")], SigV4Algorithm.Sha256Hex(body));
        return [.. SigV4Signer.SignHeaders(request, credentials, SignalingServiceFixture.Region, "kinesisvideo", DateTimeOffset.UtcNow)];
    }

    private async Task<int> Post(string route, string body, IEnumerable<KeyValuePair<string, string>> headers, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service.Endpoint, route))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var answer = await HttpAnswer.SendAsync(_http, request);
        Assert.True(answer.Status is not null, $"{what}: no answer ({answer.Detail})");
        Assert.True(answer.Status < 500, $"{what}: answered {answer.Status} {answer.Detail}");
        return answer.Status.Value;
    }

    private static async Task<int> OpenWebSocket(Uri url, string what)
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = SignalingServiceFixture.TrustAll;
        socket.Options.CollectHttpResponseDetails = true;
        using var deadline = new CancellationTokenSource(PerCase);
        try
        {
            await socket.ConnectAsync(url, deadline.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return 101;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{what}: no answer within {PerCase.TotalSeconds} s");
            throw;
        }
        catch (WebSocketException)
        {
            var status = (int)socket.HttpStatusCode;
            Assert.True(status is >= 400 and < 500, $"{what}: refused with {status} instead of a 4xx");
            return status;
        }
    }
}
