using System.Net;
using System.Net.Http.Json;
using System.Text;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiFixture fixture)
{
    private static readonly object Body = new { sourceLanguage = "en", targetLanguages = new[] { "es" } };

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", TestTokens.Create("alice", ["speaker"], expires: DateTime.UtcNow.AddMinutes(-2)) },
        { "wrongly signed", TestTokens.Create("alice", ["speaker"], key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-key-another-key-another-key-0123"))) },
        { "alg none", TestTokens.Unsigned("alice", "speaker") },
        { "wrong audience", TestTokens.Create("alice", ["speaker"], audience: "some-other-api") },
        { "wrong issuer", TestTokens.Create("alice", ["speaker"], issuer: "https://evil.test") },
        { "unpinned algorithm", TestTokens.Create("alice", ["speaker"], algorithm: SecurityAlgorithms.HmacSha384) },
        { "garbage", "not.a.jwt" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_and_writes_nothing(string kind, string token)
    {
        var client = fixture.Api.ClientWithToken(token);
        var before = (await fixture.ListResourcesAsync()).Count;

        var create = await client.PostAsJsonAsync("/sessions", Body);
        var list = await client.GetAsync("/sessions");

        Assert.True(create.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: create answered {create.StatusCode}");
        Assert.True(list.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: list answered {list.StatusCode}");
        Assert.Equal(before, (await fixture.ListResourcesAsync()).Count);
    }

    [Fact]
    public async Task No_token_gets_401_on_every_route_that_needs_one()
    {
        var anonymous = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/sessions", Body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/sessions/some-session-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/sessions/some-session-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/sessions/some-session-1/speaker-credentials", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/sessions/some-session-1/join", new { language = "es" })).StatusCode);
    }

    [Fact]
    public async Task A_token_within_the_clock_skew_is_accepted_and_a_single_role_claim_works()
    {
        var token = TestTokens.Create(ApiFixture.NewSubject("lara"), ["speaker"], expires: DateTime.UtcNow.AddSeconds(-5), roleClaim: "role");

        var response = await fixture.Api.ClientWithToken(token).PostAsJsonAsync("/sessions", Body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Health_readiness_metrics_and_openapi_need_no_token()
    {
        var anonymous = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Contains("sessionapi_sessions_created_total", await anonymous.GetStringAsync("/metrics"));
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/sessions", "/sessions/{id}", "/sessions/{id}/join", "/sessions/{id}/speaker-credentials" })
        {
            Assert.Contains($"\"{route}\"", openApi);
        }
    }
}
