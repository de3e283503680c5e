using System.Net;
using System.Net.Http.Json;
using System.Text;
using BroadcastOperator.SessionApi.Tests.Fixtures;

namespace BroadcastOperator.SessionApi.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ValidationTests(ApiFixture fixture)
{
    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"targetLanguages":["es"]}""", "sourceLanguage" },
        { """{"sourceLanguage":"english","targetLanguages":["es"]}""", "sourceLanguage" },
        { """{"sourceLanguage":"en"}""", "targetLanguages" },
        { """{"sourceLanguage":"en","targetLanguages":[]}""", "targetLanguages" },
        { """{"sourceLanguage":"en","targetLanguages":["es","ES_x"]}""", "targetLanguages[1]" },
        { """{"sourceLanguage":"en","targetLanguages":["es","es"]}""", "targetLanguages" },
        { """{"sourceLanguage":"en","targetLanguages":["a1","b1","c1","d1","e1","f1","g1","h1","i1","j1","k1","l1","m1","n1","o1","p1","q1"]}""", "targetLanguages" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"ttlSeconds":10}""", "ttlSeconds" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"ttlSeconds":999999999}""", "ttlSeconds" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"ttlSeconds":"soon"}""", "ttlSeconds" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"maxListeners":0}""", "maxListeners" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"maxListeners":100001}""", "maxListeners" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"qualityTier":"gold"}""", "qualityTier" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"engines":{"asr":"gpu"}}""", "engines.asr" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"voices":{"de":"de"}}""", "voices.de" },
        { """{"sourceLanguage":"en","targetLanguages":["es"],"speakerId":"someone-else"}""", "speakerId" },
        { """{"sourceLanguage":"en","targetLanguages":["es"]""", "body" },
        { """[]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_gets_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("val"), "speaker");
        var before = (await fixture.ListResourcesAsync()).Count;

        var response = await speaker.PostAsync("/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        ProblemJson.ErrorFor(await ProblemJson.ReadAsync(response), field);
        Assert.Equal(before, (await fixture.ListResourcesAsync()).Count);
    }

    [Fact]
    public async Task An_unserved_pair_is_refused_with_the_served_pairs_named()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("val"), "speaker");

        var response = await speaker.PostAsJsonAsync("/sessions", new { sourceLanguage = "en", targetLanguages = new[] { "es", "ja" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = ProblemJson.ErrorFor(await ProblemJson.ReadAsync(response), "targetLanguages");
        Assert.Contains("en->ja", message);
        Assert.Contains("en->es", message);
        Assert.Contains("en->ca", message);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("val"), "speaker");
        var padding = new string(' ', 20_000);

        var response = await speaker.PostAsync("/sessions",
            new StringContent("{\"sourceLanguage\":\"en\",\"targetLanguages\":[\"es\"]" + padding + "}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemJson.ReadAsync(response);
    }

    [Fact]
    public async Task A_join_without_a_language_gets_400_naming_it()
    {
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("val"), "listener");

        var response = await listener.PostAsJsonAsync("/sessions/any-session-1/join", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        ProblemJson.ErrorFor(await ProblemJson.ReadAsync(response), "language");
    }
}
