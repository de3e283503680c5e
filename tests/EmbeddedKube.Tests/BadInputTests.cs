using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>Bad requests get the Status a real API server gives, and leave what is stored untouched.</summary>
[Collection(KubeServerCollection.Name)]
public sealed class BadInputTests(KubeServerFixture cluster) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };

    private static StringContent Body(string text, string mediaType = "application/json") =>
        new(text, new MediaTypeHeaderValue(mediaType));

    private async Task<(HttpStatusCode Code, JsonObject Status)> Send(HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private async Task<string> SessionsPath()
    {
        var ns = await cluster.NewNamespaceAsync();
        return $"/apis/broadcast.dev/v1alpha1/namespaces/{ns}/broadcastsessions";
    }

    private const string ValidSession = """{"apiVersion":"broadcast.dev/v1alpha1","kind":"BroadcastSession","metadata":{"name":"ok"},"spec":{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"]}}""";

    [Theory]
    [InlineData("{\"metadata\": ", "application/json")]
    [InlineData("[1,2", "application/json")]
    [InlineData("metadata: [unclosed", "application/yaml")]
    [InlineData("\"just a string\"", "application/json")]
    public async Task Malformed_bodies_get_400_bad_request(string body, string mediaType)
    {
        var path = await SessionsPath();
        var (code, status) = await Send(HttpMethod.Post, path, Body(body, mediaType));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_resources_get_404_not_found()
    {
        var (code, status) = await Send(HttpMethod.Get, "/apis/broadcast.dev/v1alpha1/namespaces/default/gizmos");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal(404, status["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/apis/nothing.dev/v1/things")).Code);
    }

    [Fact]
    public async Task A_wrong_content_type_gets_415()
    {
        var path = await SessionsPath();
        var (code, status) = await Send(HttpMethod.Post, path, Body(ValidSession, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("UnsupportedMediaType", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var path = await SessionsPath();
        var huge = "{\"metadata\":{\"name\":\"big\"},\"spec\":{\"speakerId\":\"" + new string('x', 4 * 1024 * 1024) + "\"}}";
        var (code, _) = await Send(HttpMethod.Post, path, Body(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, code);
    }

    [Fact]
    public async Task An_invalid_session_gets_422_with_a_cause_per_field()
    {
        var path = await SessionsPath();
        const string invalid = """{"metadata":{"name":"bad"},"spec":{"speakerId":"a","sourceLanguage":"english","targetLanguages":["es","es"],"qualityTier":"gold","maxListeners":"many"}}""";
        var (code, status) = await Send(HttpMethod.Post, path, Body(invalid));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.sourceLanguage", fields);
        Assert.Contains("spec.targetLanguages[1]", fields);
        Assert.Contains("spec.qualityTier", fields);
        Assert.Contains("spec.maxListeners", fields);
    }

    [Fact]
    public async Task Missing_required_fields_and_bad_names_get_422()
    {
        var path = await SessionsPath();
        var (missingCode, missing) = await Send(HttpMethod.Post, path, Body("""{"metadata":{"name":"bad"},"spec":{"sourceLanguage":"en"}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingCode);
        Assert.Contains("spec.speakerId: Required value", missing["message"]!.GetValue<string>());

        var (nameCode, _) = await Send(HttpMethod.Post, path, Body(ValidSession.Replace("\"ok\"", "\"Not_A_Name\"")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nameCode);
    }

    [Fact]
    public async Task Failed_writes_leave_the_stored_object_unchanged()
    {
        var path = await SessionsPath();
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, path, Body(ValidSession))).Code);
        var before = (await Send(HttpMethod.Get, path + "/ok")).Status;

        var attempts = new (HttpMethod, HttpContent)[]
        {
            (HttpMethod.Patch, Body("""{"spec":{"targetLanguages":[]}}""", "application/merge-patch+json")),
            (HttpMethod.Patch, Body("""[{"op":"remove","path":"/spec/nothing"}]""", "application/json-patch+json")),
            (HttpMethod.Patch, Body("""{"spec":""", "application/merge-patch+json")),
            (HttpMethod.Patch, Body("""{"spec":{}}""", "application/strategic-merge-patch+json")),
            (HttpMethod.Put, Body("""{"metadata":{"name":"ok","resourceVersion":"1"},"spec":{"speakerId":"b","sourceLanguage":"en","targetLanguages":["ca"]}}""")),
            (HttpMethod.Put, Body("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok"}}""")),
            (HttpMethod.Patch, Body("""{"metadata":{"name":42}}""", "application/merge-patch+json")),
        };
        foreach (var (method, content) in attempts)
        {
            var (code, status) = await Send(method, path + "/ok", content);
            Assert.True((int)code is >= 400 and < 500, $"{method} got {code}: {status}");
        }

        var after = (await Send(HttpMethod.Get, path + "/ok")).Status;
        Assert.True(JsonNode.DeepEquals(before, after), $"stored object changed: {after}");
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_gets_404()
    {
        var (code, _) = await Send(HttpMethod.Post, "/apis/broadcast.dev/v1alpha1/namespaces/no-such-ns/broadcastsessions", Body(ValidSession));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Random_bodies_never_cause_a_server_error()
    {
        var path = await SessionsPath();
        var random = new Random(1234);
        var fragments = new[] { "{", "}", "[", "]", "\"spec\"", ":", ",", "null", "1e999", "\"metadata\"", "{\"name\":\"x\"}", "true", "\"\\u0000\"", "-" };
        for (var i = 0; i < 200; i++)
        {
            var text = new StringBuilder();
            for (var j = random.Next(1, 12); j > 0; j--)
            {
                text.Append(fragments[random.Next(fragments.Length)]);
            }
            using var response = await _http.PostAsync(path, Body(text.ToString()));
            Assert.True((int)response.StatusCode < 500, $"{text} got {response.StatusCode}");
        }
    }

    public void Dispose() => _http.Dispose();
}
