using System.Net;
using System.Net.Http.Json;
using BroadcastOperator.SessionApi.Tests.Fixtures;

namespace BroadcastOperator.SessionApi.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture)
{
    [Fact]
    public async Task Creating_past_the_limit_gets_429_with_retry_after_and_other_callers_are_unaffected()
    {
        await using var limited = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace,
            new Dictionary<string, string?> { ["RateLimits:CreatePerWindow"] = "2", ["RateLimits:WindowSeconds"] = "600" });
        var eager = limited.ClientFor(ApiFixture.NewSubject("eager"), "speaker");
        var body = new { sourceLanguage = "en", targetLanguages = new[] { "es" } };

        Assert.Equal(HttpStatusCode.Created, (await eager.PostAsJsonAsync("/sessions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await eager.PostAsJsonAsync("/sessions", body)).StatusCode);
        var third = await eager.PostAsJsonAsync("/sessions", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        await ProblemJson.ReadAsync(third);
        var other = limited.ClientFor(ApiFixture.NewSubject("calm"), "speaker");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/sessions", body)).StatusCode);
    }

    [Fact]
    public async Task Joining_past_the_limit_gets_429()
    {
        await using var limited = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace,
            new Dictionary<string, string?> { ["RateLimits:JoinPerWindow"] = "1", ["RateLimits:WindowSeconds"] = "600" });
        var speaker = limited.ClientFor(ApiFixture.NewSubject("tom"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker);
        await fixture.ProvisionAsync(id);
        var listener = limited.ClientFor(ApiFixture.NewSubject("uma"), "listener");

        Assert.Equal(HttpStatusCode.OK, (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" })).StatusCode);
        var second = await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
    }
}
