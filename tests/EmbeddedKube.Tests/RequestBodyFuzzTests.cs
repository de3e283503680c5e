using System.Net.Http.Headers;
using System.Text;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using BroadcastOperator.TestSupport.Fuzzing;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>
/// JSON and YAML bodies of random structure for create, replace and every patch type: the API server answers each
/// with a Status (4xx) or a valid write, never a 5xx, a dropped connection or a hang; and YAML built to blow up the
/// parser (aliases expanding to billions of values, an alias that holds itself, deep nesting) gets a 400.
/// </summary>
[Collection(KubeServerCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class RequestBodyFuzzTests(KubeServerFixture cluster) : IDisposable
{
    private const string Session = """{"apiVersion":"broadcast.dev/v1alpha1","kind":"BroadcastSession","metadata":{"name":"fuzz","labels":{"a":"b"}},"spec":{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es","fr"],"maxListeners":10}}""";
    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fuzz"},"data":{"k":"v"}}""";
    private const string JsonPatch = """[{"op":"add","path":"/metadata/labels/x","value":"y"},{"op":"replace","path":"/spec/maxListeners","value":3}]""";

    private static readonly string[] PatchTypes =
        ["application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Random_bodies_for_every_write_get_a_status_never_a_5xx()
    {
        var seed = FuzzRun.Seed(1831);
        var cases = FuzzRun.Cases(2000);
        var random = new Random(seed);
        var json = new JsonFuzz(random);
        var text = new TextFuzz(random);
        var ns = await cluster.NewNamespaceAsync();
        var sessions = $"/apis/broadcast.dev/v1alpha1/namespaces/{ns}/broadcastsessions";
        var configMaps = $"/api/v1/namespaces/{ns}/configmaps";
        Assert.Equal(201, await Send(HttpMethod.Post, sessions, Session, "application/json", "seed session"));
        Assert.Equal(201, await Send(HttpMethod.Post, configMaps, ConfigMap, "application/json", "seed configmap"));

        var statuses = new StatusTally();
        for (var i = 0; i < cases; i++)
        {
            var (collection, seedBody) = random.Next(2) == 0 ? (sessions, Session) : (configMaps, ConfigMap);
            var yaml = random.Next(3) == 0;
            HttpMethod method;
            string path, mediaType, body;
            switch (random.Next(4))
            {
                case 0:
                    (method, path) = (HttpMethod.Post, collection);
                    (mediaType, body) = yaml ? ("application/yaml", text.Next(ToYaml(json.Next(seedBody)))) : ("application/json", json.Next(seedBody));
                    break;
                case 1:
                    (method, path) = (HttpMethod.Put, collection + "/fuzz" + (random.Next(4) == 0 ? "/status" : ""));
                    (mediaType, body) = ("application/json", json.Next(seedBody));
                    break;
                default:
                    (method, path) = (HttpMethod.Patch, collection + "/fuzz" + (random.Next(4) == 0 ? "/status" : ""));
                    mediaType = PatchTypes[random.Next(PatchTypes.Length)];
                    body = mediaType switch
                    {
                        "application/json-patch+json" => json.Next(JsonPatch),
                        "application/apply-patch+yaml" => text.Next(ToYaml(json.Next(seedBody))),
                        _ => json.Next(seedBody),
                    };
                    if (mediaType == "application/apply-patch+yaml")
                    {
                        path += "?fieldManager=fuzz&force=" + (random.Next(2) == 0 ? "true" : "false");
                    }

                    break;
            }

            var status = await Send(method, path, body, mediaType, $"seed {seed} case {i}: {method} {path} {mediaType} {Cut(body)}");
            statuses.Add(status);
        }

        // Still serving, and what was stored is still readable.
        using var list = await _http.GetAsync(sessions);
        Assert.True(list.IsSuccessStatusCode);
        FuzzRun.Report("api-server-bodies", cases, seed, statuses.ToString());
    }

    [Theory]
    [InlineData("laughs")]
    [InlineData("self")]
    [InlineData("deep")]
    public async Task Yaml_built_to_blow_up_the_parser_gets_400(string kind)
    {
        var ns = await cluster.NewNamespaceAsync();
        var body = kind switch
        {
            // Nine levels of ten aliases each: 10^9 values from a body of a few hundred bytes.
            "laughs" => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\na0: &a0 [lol]\n"
                        + string.Concat(Enumerable.Range(1, 9).Select(n => $"a{n}: &a{n} [{string.Join(",", Enumerable.Repeat($"*a{n - 1}", 10))}]\n")),
            "self" => "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: self, labels: *m}\n",
            _ => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + new string('[', 200_000) + new string(']', 200_000) + "\n",
        };

        var status = await Send(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body, "application/yaml", kind);

        Assert.Equal(400, status);
    }

    private async Task<int> Send(HttpMethod method, string path, string body, string mediaType, string what)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var answer = await HttpAnswer.SendAsync(_http, request);
        Assert.True(answer.Status is not null, $"{what}: no answer ({answer.Detail})");
        Assert.True(answer.Status < 500, $"{what}: answered {answer.Status} {answer.Detail}");
        return answer.Status.Value;
    }

    /// <summary>JSON is YAML (flow style), so the YAML cases are the JSON ones, then junk-edited as text.</summary>
    private static string ToYaml(string json) => json;

    private static string Cut(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
