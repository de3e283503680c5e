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
    public async Task A_listener_joining_past_its_own_budget_gets_429_while_other_listeners_still_join()
    {
        await using var limited = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace,
            new Dictionary<string, string?> { ["RateLimits:JoinsPerListenerPerWindow"] = "1", ["RateLimits:WindowSeconds"] = "600" });
        var id = await ProvisionedSessionAsync(limited);
        var listener = limited.ClientFor(ApiFixture.NewSubject("uma"), "listener");

        Assert.Equal(HttpStatusCode.OK, (await JoinAsync(listener, id)).StatusCode);
        var second = await JoinAsync(listener, id);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(second.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        await ProblemJson.ReadAsync(second);
        var other = limited.ClientFor(ApiFixture.NewSubject("val"), "listener");
        Assert.Equal(HttpStatusCode.OK, (await JoinAsync(other, id)).StatusCode);
    }

    /// <summary>
    /// A town hall with the service's own defaults: 200 signed-in listeners and 200 anonymous ones (all behind
    /// one address, as a NAT puts them) press Play in the same seconds, and every one of them gets in.
    /// </summary>
    [Fact]
    public async Task A_hall_of_listeners_behind_one_address_all_join_at_once_with_the_default_limits()
    {
        await using var defaults = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["RateLimits:JoinsPerListenerPerWindow"] = null,
            ["SessionApi:AllowAnonymousListeners"] = "true",
        });
        var id = await ProvisionedSessionAsync(defaults);
        var anonymous = defaults.ClientWithToken(null);
        var joins = Enumerable.Range(0, 200)
            .Select(i => JoinAsync(defaults.ClientFor(ApiFixture.NewSubject($"hall{i}"), "listener"), id))
            .Concat(Enumerable.Range(0, 200).Select(_ => JoinAsync(anonymous, id)));

        var statuses = (await Task.WhenAll(joins)).Select(r => r.StatusCode).ToList();

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Anonymous_joins_have_a_budget_per_session_that_leaves_other_sessions_and_signed_in_listeners_alone()
    {
        await using var limited = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["RateLimits:AnonymousJoinBurst"] = "3",
            ["RateLimits:AnonymousJoinsPerSecond"] = "1",
            ["SessionApi:AllowAnonymousListeners"] = "true",
        });
        var busy = await ProvisionedSessionAsync(limited);
        var quiet = await ProvisionedSessionAsync(limited);
        var anonymous = limited.ClientWithToken(null);

        var statuses = (await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => JoinAsync(anonymous, busy)))).Select(r => r.StatusCode).ToList();

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {s}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, (await JoinAsync(anonymous, quiet)).StatusCode);
        var signedIn = limited.ClientFor(ApiFixture.NewSubject("wes"), "listener");
        Assert.Equal(HttpStatusCode.OK, (await JoinAsync(signedIn, busy)).StatusCode);
    }

    [Fact]
    public async Task Signed_in_joins_past_the_session_budget_get_429()
    {
        await using var limited = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["RateLimits:SessionJoinBurst"] = "2",
            ["RateLimits:SessionJoinsPerSecond"] = "1",
        });
        var id = await ProvisionedSessionAsync(limited);

        var statuses = (await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(i => JoinAsync(limited.ClientFor(ApiFixture.NewSubject($"crowd{i}"), "listener"), id)))).Select(r => r.StatusCode).ToList();

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 2, 3);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    private async Task<string> ProvisionedSessionAsync(SessionApiFactory api)
    {
        var id = await fixture.CreateSessionAsync(api.ClientFor(ApiFixture.NewSubject("tom"), "speaker"));
        await fixture.ProvisionAsync(id);
        return id;
    }

    private static Task<HttpResponseMessage> JoinAsync(HttpClient client, string id) =>
        client.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });
}
