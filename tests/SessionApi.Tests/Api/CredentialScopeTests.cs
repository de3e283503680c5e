using System.Net;
using System.Net.Http.Json;
using System.Text;
using BroadcastOperator.Aws;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>The credentials handed out are checked with the verifier src/Signaling uses, with the shared root key.</summary>
[Collection(ApiCollection.Name)]
public sealed class CredentialScopeTests(ApiFixture fixture)
{
    private readonly ScopedCredentialVerifier _verifier = new(SessionApiFactory.RootKey);

    private async Task<(string Id, HttpClient Speaker)> ProvisionedSessionAsync(string speakerName)
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject(speakerName), "speaker");
        var id = await fixture.CreateSessionAsync(speaker);
        await fixture.ProvisionAsync(id);
        return (id, speaker);
    }

    [Fact]
    public async Task Speaker_credentials_open_the_master_role_of_the_source_channel_only()
    {
        var (id, speaker) = await ProvisionedSessionAsync("nina");

        var response = await speaker.PostAsync($"/sessions/{id}/speaker-credentials", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = (await response.Content.ReadFromJsonAsync<ChannelAccessView>())!;
        Assert.Equal(ApiFixture.ArnOf(id, "source"), access.ChannelArn);
        Assert.Equal("MASTER", access.Role);
        Assert.Equal("wss://127.0.0.1:8443", access.Endpoints.Wss);
        Assert.Equal("https://127.0.0.1:8443", access.Endpoints.Https);
        var claims = Verify(access);
        Assert.Equal(ChannelRole.Master, claims.ChannelRole);
        Assert.Equal(access.ChannelArn, claims.ChannelArn);
        Assert.Equal(access.ClientId, claims.ClientId);
    }

    [Fact]
    public async Task Viewer_credentials_are_bound_to_the_language_channel_and_client_id()
    {
        var (id, _) = await ProvisionedSessionAsync("omar");
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("pia"), "listener");

        var first = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "ca" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;
        var second = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "en" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;

        var claims = Verify(first);
        Assert.Equal(ChannelRole.Viewer, claims.ChannelRole);
        Assert.Equal(ApiFixture.ArnOf(id, "ca"), claims.ChannelArn);
        Assert.Equal(first.ClientId, claims.ClientId);
        Assert.Equal(ApiFixture.ArnOf(id, "en"), Verify(second).ChannelArn);
        Assert.NotEqual(first.ClientId, second.ClientId);
    }

    [Fact]
    public async Task Each_credentials_response_carries_a_turn_credential_for_its_client_id_that_expires_with_it()
    {
        var (id, speaker) = await ProvisionedSessionAsync("tess");
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("uma"), "listener");

        var master = (await (await speaker.PostAsync($"/sessions/{id}/speaker-credentials", null)).Content.ReadFromJsonAsync<ChannelAccessView>())!;
        var viewer = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;
        var again = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;

        foreach (var access in new[] { master, viewer, again })
        {
            Assert.Equal(2, access.IceServers.Count);
            var (stun, turn) = (access.IceServers[0], access.IceServers[1]);
            Assert.Equal([SessionApiFactory.StunUrl], stun.Urls);
            Assert.Null(stun.Username);
            Assert.Null(stun.Credential);
            Assert.Equal([SessionApiFactory.TurnUrl], turn.Urls);
            Assert.Equal($"{access.Credentials.Expiration.ToUnixTimeSeconds()}:{access.ClientId}", turn.Username);
            Assert.Equal(TurnRestPassword(turn.Username!), turn.Credential);
        }
        Assert.NotEqual(viewer.IceServers[1].Username, again.IceServers[1].Username);
    }

    // The TURN REST password as coturn computes it, written out here rather than borrowed from the minter.
    private static string TurnRestPassword(string username) =>
        Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(SessionApiFactory.TurnSecret),
            Encoding.UTF8.GetBytes(username)));

    [Theory]
    [InlineData("role", "MASTER")]
    [InlineData("arn", "arn:aws:kinesisvideo:us-east-1:111122223333:channel/someone-elses-session-source/1700000000000")]
    [InlineData("cid", "speaker-0000000000000000")]
    [InlineData("exp", 4102444800L)]
    public async Task Editing_a_viewer_token_to_widen_its_scope_breaks_its_signature(string claim, object value)
    {
        var (id, _) = await ProvisionedSessionAsync("quinn");
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("rita"), "listener");
        var access = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;

        var parts = access.Credentials.SessionToken.Split('.');
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestTokens.FromBase64Url(parts[0]))!.AsObject();
        json[claim] = value is long number ? number : (string)value;
        var edited = TestTokens.Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString())) + "." + parts[1];

        var ok = _verifier.TryVerify(access.Credentials.AccessKeyId, edited, DateTimeOffset.UtcNow, out _, out var failure, out _);

        Assert.False(ok);
        Assert.Equal(SigV4Failure.InvalidSessionToken, failure);
    }

    [Fact]
    public async Task Anonymous_listeners_join_only_where_allowed()
    {
        var (id, _) = await ProvisionedSessionAsync("sam");
        await using var open = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace,
            new Dictionary<string, string?> { ["SessionApi:AllowAnonymousListeners"] = "true" });

        var closedAnswer = await fixture.Api.CreateClient().PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });
        var openAnswer = await open.CreateClient().PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });
        var badTokenAnswer = await open.ClientWithToken("not.a.jwt").PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });

        Assert.Equal(HttpStatusCode.Unauthorized, closedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openAnswer.StatusCode);
        var access = (await openAnswer.Content.ReadFromJsonAsync<ChannelAccessView>())!;
        Assert.StartsWith("anonymous-", access.ClientId);
        Assert.Equal(ChannelRole.Viewer, Verify(access).ChannelRole);
        Assert.Equal(HttpStatusCode.Unauthorized, badTokenAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.CreateClient().PostAsync($"/sessions/{id}/speaker-credentials", null)).StatusCode);
    }

    private ScopedCredentialClaims Verify(ChannelAccessView access)
    {
        var resolution = _verifier.Resolve(access.Credentials.AccessKeyId, access.Credentials.SessionToken, DateTimeOffset.UtcNow);
        Assert.Equal(SigV4Failure.None, resolution.Failure);
        Assert.Equal(access.Credentials.SecretAccessKey, resolution.SecretAccessKey);
        return Assert.IsType<ScopedCredentialClaims>(resolution.Principal);
    }
}
