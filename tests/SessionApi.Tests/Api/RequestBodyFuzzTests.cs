using System.Net;
using System.Text;
using System.Text.Json;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.TestSupport.Fuzzing;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>
/// Issue 18 part 8: SessionApi's request bodies with random structure (create, join, speaker credentials; JSON cut,
/// retyped, nested, junk, and the wrong content types): every case gets an answer within 10 s, never a 5xx, and every
/// refusal is a problem document; afterwards the service still creates and serves a session.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class RequestBodyFuzzTests(ApiFixture fixture)
{
    private const string CreateBody = """{"sourceLanguage":"en","targetLanguages":["es","ca"],"ttlSeconds":3600,"maxListeners":10,"qualityTier":"standard","engines":{"asr":"local","translation":"local","tts":"local"},"voices":{"es":"es"}}""";
    private const string JoinBody = """{"language":"es"}""";

    private static readonly string[] MediaTypes = ["application/json", "application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""];

    [Fact]
    public async Task Random_bodies_for_create_and_join_get_a_4xx_problem_or_a_success_never_a_5xx_or_a_hang()
    {
        var seed = FuzzRun.Seed(1818);
        var cases = FuzzRun.Cases(1500);
        var random = new Random(seed);
        var json = new JsonFuzz(random);
        var text = new TextFuzz(random);
        var owner = ApiFixture.NewSubject("fuzz");
        var speaker = fixture.Api.ClientFor(owner, "speaker");
        var session = await fixture.CreateSessionAsync(speaker);
        await fixture.ProvisionAsync(session);
        var statuses = new StatusTally();
        HttpClient? caller = null;
        for (var i = 0; i < cases; i++)
        {
            if (i % 200 == 0)
            {
                // A fresh subject now and then, so the per-caller create limit does not answer everything with 429.
                caller = fixture.Api.ClientFor(ApiFixture.NewSubject("fuzz"), "speaker", "listener");
            }
            var (path, body) = random.Next(3) switch
            {
                0 => ("/sessions", random.Next(6) == 0 ? text.Next(CreateBody) : json.Next(CreateBody)),
                1 => ($"/sessions/{session}/join", random.Next(6) == 0 ? text.Next(JoinBody) : json.Next(JoinBody)),
                _ => ($"/sessions/{(random.Next(4) == 0 ? Uri.EscapeDataString(text.Next(session)) : session)}/{(random.Next(2) == 0 ? "join" : "speaker-credentials")}", json.Next(JoinBody)),
            };
            var mediaType = MediaTypes[random.Next(MediaTypes.Length)];
            var what = $"seed {seed} case {i}: POST {path} ({mediaType}) {Cut(body)}";
            var status = await SendAsync(caller!, path, body, mediaType, what);
            statuses.Add(status);
        }

        // Still serving: a plain create and the fuzzed session's join both work.
        Assert.NotEmpty(await fixture.CreateSessionAsync(fixture.Api.ClientFor(ApiFixture.NewSubject("fuzz"), "speaker")));
        var join = await fixture.Api.ClientFor(ApiFixture.NewSubject("fuzz"), "listener")
            .PostAsync($"/sessions/{session}/join", new StringContent(JoinBody, Encoding.UTF8, "application/json"));
        Assert.True(join.IsSuccessStatusCode, $"join after the fuzz run: {(int)join.StatusCode} {await join.Content.ReadAsStringAsync()}");
        FuzzRun.Report("SessionApi bodies (create, join, speaker-credentials)", cases, seed, "statuses " + statuses);
    }

    private static async Task<int> SendAsync(HttpClient client, string path, string body, string mediaType, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = mediaType.Length == 0 ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        var answer = await HttpAnswer.SendAsync(client, request, within: TimeSpan.FromSeconds(10));
        if (answer.Status is not { } status)
        {
            throw new Xunit.Sdk.XunitException($"{answer.Detail}: {what}");
        }

        Assert.True(status < 500, $"{status} {Cut(answer.Detail)}: {what}");
        if (status >= 400 && status != (int)HttpStatusCode.MethodNotAllowed)
        {
            Assert.True(IsProblem(answer.Detail), $"{status} without a problem document ({Cut(answer.Detail)}): {what}");
        }
        return status;
    }

    private static bool IsProblem(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
