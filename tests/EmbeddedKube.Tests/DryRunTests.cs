using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>
/// Server-side dry run: every check of a real write, the same answers, and nothing stored,
/// no watch event, no resourceVersion moved.
/// </summary>
[Collection(KubeServerCollection.Name)]
public sealed class DryRunTests(KubeServerFixture cluster) : IDisposable
{
    private const string Session = """{"apiVersion":"broadcast.dev/v1alpha1","kind":"BroadcastSession","metadata":{"name":"s"},"spec":{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"]}}""";
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };

    private async Task<(HttpStatusCode Code, JsonObject Body)> Send(HttpMethod method, string path, string? body = null, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private async Task<string> SessionsPath() =>
        $"/apis/broadcast.dev/v1alpha1/namespaces/{await cluster.NewNamespaceAsync()}/broadcastsessions";

    [Fact]
    public async Task A_dry_run_create_is_defaulted_but_not_stored_and_not_watched()
    {
        var sessions = await SessionsPath();
        var before = cluster.Server.Store.CurrentResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var watch = await _http.GetAsync($"{sessions}?watch=true&resourceVersion={before}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync(timeout.Token));

        var (code, answer) = await Send(HttpMethod.Post, sessions + "?dryRun=All", Session);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(500, answer["spec"]!["maxListeners"]!.GetValue<int>()); // the CRD schema's default was applied
        Assert.Null(answer["metadata"]!["resourceVersion"]);
        Assert.Equal(before, cluster.Server.Store.CurrentResourceVersion);
        Assert.Empty((await Send(HttpMethod.Get, sessions)).Body["items"]!.AsArray());

        // The first event the watch sees is the real create that follows, not the dry run.
        await Send(HttpMethod.Post, sessions, Session.Replace("\"name\":\"s\"", "\"name\":\"real\""));
        var first = JsonNode.Parse((await events.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal("real", first["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dry_run_gets_the_409_and_422_a_real_write_gets()
    {
        var sessions = await SessionsPath();
        await Send(HttpMethod.Post, sessions, Session);

        var (conflict, _) = await Send(HttpMethod.Post, sessions + "?dryRun=All", Session);
        var (invalid, status) = await Send(HttpMethod.Post, sessions + "?dryRun=All",
            Session.Replace("\"name\":\"s\"", "\"name\":\"t\"").Replace("\"en\"", "\"english\""));
        var (stale, _) = await Send(HttpMethod.Put, sessions + "/s?dryRun=All", Session.Replace("\"name\":\"s\"", "\"name\":\"s\",\"resourceVersion\":\"1\""));

        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid);
        Assert.Contains("spec.sourceLanguage", status["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, stale);
    }

    [Fact]
    public async Task Dry_run_update_patch_and_delete_leave_the_object_as_it_was()
    {
        var sessions = await SessionsPath();
        var (_, stored) = await Send(HttpMethod.Post, sessions, Session);
        var version = stored["metadata"]!["resourceVersion"]!.GetValue<string>();
        var storeVersion = cluster.Server.Store.CurrentResourceVersion;

        var (patchCode, patched) = await Send(HttpMethod.Patch, sessions + "/s?dryRun=All", """{"spec":{"targetLanguages":["es","de"]}}""", "application/merge-patch+json");
        var (putCode, put) = await Send(HttpMethod.Put, sessions + "/s?dryRun=All", Session.Replace("[\"es\"]", "[\"ca\"]"));
        var (deleteCode, _) = await Send(HttpMethod.Delete, sessions + "/s?dryRun=All");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (patchCode, putCode, deleteCode));
        Assert.Equal(2, patched["spec"]!["targetLanguages"]!.AsArray().Count); // the answer shows what would be stored
        Assert.Equal("ca", put["spec"]!["targetLanguages"]![0]!.GetValue<string>());
        Assert.Equal(version, patched["metadata"]!["resourceVersion"]!.GetValue<string>());
        var (_, after) = await Send(HttpMethod.Get, sessions + "/s");
        Assert.Equal(version, after["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["es"], after["spec"]!["targetLanguages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(storeVersion, cluster.Server.Store.CurrentResourceVersion);
    }

    [Theory]
    [InlineData("dryRun=all")]
    [InlineData("dryRun=true")]
    [InlineData("dryRun=")]
    [InlineData("dryRun=All&dryRun=None")]
    public async Task A_dry_run_value_other_than_All_is_a_400_and_nothing_is_stored(string query)
    {
        var sessions = await SessionsPath();
        var (code, _) = await Send(HttpMethod.Post, $"{sessions}?{query}", Session);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Empty((await Send(HttpMethod.Get, sessions)).Body["items"]!.AsArray());
    }

    public void Dispose() => _http.Dispose();
}
