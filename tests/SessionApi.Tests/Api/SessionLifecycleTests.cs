using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Sessions;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SessionLifecycleTests(ApiFixture fixture)
{
    [Fact]
    public async Task Speaker_creates_gets_lists_joins_and_deletes_a_session()
    {
        var alice = ApiFixture.NewSubject("alice");
        var speaker = fixture.Api.ClientFor(alice, "speaker");

        var created = await speaker.PostAsJsonAsync("/sessions", new { sourceLanguage = "en", targetLanguages = new[] { "es", "ca" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<SessionView>())!;
        Assert.Matches(new Regex("^[a-z]+-[a-z]+-[0-9]{3}$"), view.Id);
        Assert.Equal($"/sessions/{view.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(alice, view.SpeakerId);
        Assert.Equal("Pending", view.Phase);
        Assert.Equal(["en", "es", "ca"], view.Languages.Select(l => l.Language));

        await fixture.ProvisionAsync(view.Id, new Dictionary<string, int> { ["es"] = 5, ["en"] = 2 });
        var got = (await speaker.GetFromJsonAsync<SessionView>($"/sessions/{view.Id}"))!;
        Assert.Equal("Active", got.Phase);
        Assert.Equal(7, got.ListenerCount);
        Assert.Equal(5, got.Languages.Single(l => l.Language == "es").Listeners);
        Assert.Equal(0, got.Languages.Single(l => l.Language == "ca").Listeners);
        Assert.All(got.Languages, l => Assert.Equal("wss://127.0.0.1:8443", l.Endpoints?.Wss));
        Assert.Equal("https://127.0.0.1:8443", got.Endpoints?.Https);
        Assert.NotNull(got.ExpiresAt);

        var listed = (await speaker.GetFromJsonAsync<SessionView[]>("/sessions"))!;
        Assert.Equal(view.Id, Assert.Single(listed).Id);

        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("bob"), "listener");
        var seenByListener = (await listener.GetFromJsonAsync<SessionView>($"/sessions/{view.Id}"))!;
        Assert.Null(seenByListener.SpeakerId);
        Assert.Equal(got.Languages.Select(l => l.Language), seenByListener.Languages.Select(l => l.Language));
        var joined = await listener.PostAsJsonAsync($"/sessions/{view.Id}/join", new { language = "es" });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var access = (await joined.Content.ReadFromJsonAsync<ChannelAccessView>())!;
        Assert.Equal(ApiFixture.ArnOf(view.Id, "es"), access.ChannelArn);
        Assert.Equal("VIEWER", access.Role);
        Assert.Equal("us-east-1", access.Region);
        Assert.StartsWith("listener-", access.ClientId);
        Assert.StartsWith("ASIA", access.Credentials.AccessKeyId);
        Assert.InRange(access.Credentials.Expiration, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
        Assert.StartsWith($"http://localhost/sessions/{view.Id}/captions?language=es&expires=", access.CaptionsUrl);

        var deleted = await speaker.DeleteAsync($"/sessions/{view.Id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.DoesNotContain(await fixture.ListResourcesAsync(), s => s.Metadata.Name == view.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await speaker.GetAsync($"/sessions/{view.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_resource_holds_exactly_what_was_asked()
    {
        var carol = ApiFixture.NewSubject("carol");
        var speaker = fixture.Api.ClientFor(carol, "speaker");
        var id = await fixture.CreateSessionAsync(speaker, new
        {
            sourceLanguage = "en",
            targetLanguages = new[] { "ca", "es" },
            qualityTier = "premium",
            engines = new { asr = "local", translation = "aws", tts = "local" },
            voices = new { es = "es+f3" },
            ttlSeconds = 3600,
            maxListeners = 42,
        });

        var resource = await fixture.ReadResourceAsync(id);
        var spec = resource.Spec;
        Assert.Equal(carol, spec.SpeakerId);
        Assert.Equal("en", spec.SourceLanguage);
        Assert.Equal(["ca", "es"], spec.TargetLanguages);
        Assert.Equal(QualityTier.Premium, spec.QualityTier);
        Assert.Equal(EngineKind.Local, spec.Engines?.Asr);
        Assert.Equal(EngineKind.Aws, spec.Engines?.Translation);
        Assert.Equal(EngineKind.Local, spec.Engines?.Tts);
        Assert.Equal(new Dictionary<string, string> { ["es"] = "es+f3" }, spec.Voices);
        Assert.Equal(3600, spec.TtlSeconds);
        Assert.Equal(42, spec.MaxListeners);
        Assert.Equal(ChannelProvider.Embedded, spec.ChannelProvider);
        Assert.Equal(SessionResources.SpeakerLabelValue(carol), resource.Metadata.Labels[SessionResources.SpeakerLabel]);
        Assert.DoesNotContain(carol, resource.Metadata.Labels.Values);
    }

    [Fact]
    public async Task Omitted_optional_fields_get_the_crd_defaults()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("dana"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker, new { sourceLanguage = "en", targetLanguages = new[] { "es" } });

        var spec = (await fixture.ReadResourceAsync(id)).Spec;
        Assert.Equal(500, spec.MaxListeners);
        Assert.Equal(86400, spec.TtlSeconds);
        Assert.Null(spec.Voices);
    }

    [Fact]
    public async Task Another_user_cannot_delete_get_speaker_credentials_or_list_the_session()
    {
        var owner = fixture.Api.ClientFor(ApiFixture.NewSubject("erin"), "speaker");
        var id = await fixture.CreateSessionAsync(owner);
        await fixture.ProvisionAsync(id);
        var malloryId = ApiFixture.NewSubject("mallory");
        var mallory = fixture.Api.ClientFor(malloryId, "speaker", "listener");

        var delete = await mallory.DeleteAsync($"/sessions/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal("application/problem+json", delete.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.PostAsync($"/sessions/{id}/speaker-credentials", null)).StatusCode);
        Assert.Empty((await mallory.GetFromJsonAsync<SessionView[]>("/sessions"))!);

        var malloryOwn = await fixture.CreateSessionAsync(mallory);
        var malloryList = (await mallory.GetFromJsonAsync<SessionView[]>("/sessions"))!;
        Assert.Equal(malloryOwn, Assert.Single(malloryList).Id);
        Assert.Equal(id, Assert.Single((await owner.GetFromJsonAsync<SessionView[]>("/sessions"))!).Id);
        Assert.NotNull(await fixture.ReadResourceAsync(id));
    }

    [Fact]
    public async Task An_admin_may_delete_any_session()
    {
        var owner = fixture.Api.ClientFor(ApiFixture.NewSubject("frank"), "speaker");
        var id = await fixture.CreateSessionAsync(owner);
        var admin = fixture.Api.ClientFor(ApiFixture.NewSubject("root"), "admin");

        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"/sessions/{id}")).StatusCode);
        Assert.DoesNotContain(await fixture.ListResourcesAsync(), s => s.Metadata.Name == id);
    }

    [Fact]
    public async Task A_listener_cannot_create_sessions()
    {
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("gina"), "listener");
        var before = (await fixture.ListResourcesAsync()).Count;

        var response = await listener.PostAsJsonAsync("/sessions", new { sourceLanguage = "en", targetLanguages = new[] { "es" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, (await fixture.ListResourcesAsync()).Count);
    }

    [Fact]
    public async Task Joining_before_the_channels_exist_says_not_ready_and_an_unserved_language_names_the_served_ones()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("hank"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker);
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("ivy"), "listener");

        var early = await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("not provisioned yet", await early.Content.ReadAsStringAsync());

        await fixture.ProvisionAsync(id);
        var wrong = await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await ProblemJson.ReadAsync(wrong);
        Assert.Contains("en, es, ca", ProblemJson.ErrorFor(problem, "language"));
        Assert.Equal(HttpStatusCode.NotFound, (await listener.PostAsJsonAsync("/sessions/no-such-thing-1/join", new { language = "es" })).StatusCode);
    }

    [Fact]
    public async Task Failure_conditions_appear_in_the_view()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("kim"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker);
        var patch = new k8s.Models.V1Patch("""
            {"status":{"phase":"Failed","conditions":[
              {"type":"ChannelsReady","status":"False","reason":"ChannelLimitReached","message":"no more channels","lastTransitionTime":"2026-11-27T10:00:00Z"},
              {"type":"WorkerReady","status":"True","reason":"Started","message":"ok","lastTransitionTime":"2026-11-27T10:00:00Z"}]}}
            """, k8s.Models.V1Patch.PatchType.MergePatch);
        await k8s.CustomObjectsOperationsExtensions.PatchNamespacedCustomObjectStatusAsync(fixture.Kube.Client.CustomObjects, patch,
            BroadcastSession.Group, BroadcastSession.Version, fixture.Namespace, BroadcastSession.Plural, id);

        var view = (await speaker.GetFromJsonAsync<SessionView>($"/sessions/{id}"))!;

        Assert.Equal("Failed", view.Phase);
        var condition = Assert.Single(view.Conditions);
        Assert.Equal(("ChannelsReady", "ChannelLimitReached", "no more channels"), (condition.Type, condition.Reason, condition.Message));
        Assert.Equal(HttpStatusCode.Conflict, (await speaker.PostAsync($"/sessions/{id}/speaker-credentials", null)).StatusCode);
    }
}
