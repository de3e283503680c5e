using System.Net;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using k8s;
using k8s.Models;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>Query parameters read as kube-apiserver reads them: Go booleans, watch-list options, pretty.</summary>
[Collection(KubeServerCollection.Name)]
public sealed class QueryParameterTests(KubeServerFixture cluster) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };

    [Theory]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("T")]
    public async Task A_watch_opened_with_any_Go_spelling_of_true_streams_events(string spelling)
    {
        var ns = await cluster.NewNamespaceAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch={spelling}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        await cluster.Client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watched" } }, ns, cancellationToken: timeout.Token);

        var line = await reader.ReadLineAsync(timeout.Token);
        var change = JsonNode.Parse(line!)!;
        Assert.Equal("ADDED", change["type"]!.GetValue<string>());
        Assert.Equal("watched", change["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("watch=yes")]
    [InlineData("watch=")]
    [InlineData("allowWatchBookmarks=on")]
    [InlineData("pretty=2")]
    [InlineData("timeoutSeconds=soon")]
    [InlineData("limit=many")]
    public async Task A_value_Go_cannot_parse_is_a_400_status(string query)
    {
        var ns = await cluster.NewNamespaceAsync();
        using var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?{query}");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Contains(query.Split('=')[0], status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_initial_events_lists_the_objects_then_marks_their_end_with_a_bookmark()
    {
        var ns = await cluster.NewNamespaceAsync();
        await cluster.Client.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "existing" } }, ns);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await _http.GetAsync(
            $"/api/v1/namespaces/{ns}/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var first = JsonNode.Parse((await reader.ReadLineAsync(timeout.Token))!)!;
        var second = JsonNode.Parse((await reader.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("existing", first["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("BOOKMARK", second["type"]!.GetValue<string>());
        Assert.Equal("true", second["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("watch=1&sendInitialEvents=true")] // needs resourceVersionMatch=NotOlderThan
    [InlineData("watch=1&resourceVersionMatch=NotOlderThan")] // needs sendInitialEvents
    [InlineData("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=1")] // not on a list
    [InlineData("resourceVersionMatch=Exact")] // needs a resourceVersion
    [InlineData("resourceVersionMatch=Newest&resourceVersion=1")]
    public async Task A_combination_kube_apiserver_forbids_is_422_on_list_options(string query)
    {
        var ns = await cluster.NewNamespaceAsync();
        using var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?{query}");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("ListOptions", status["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pretty_indents_the_answer()
    {
        using var plain = await _http.GetAsync("/api/v1/namespaces/default");
        using var pretty = await _http.GetAsync("/api/v1/namespaces/default?pretty=true");
        Assert.DoesNotContain('\n', await plain.Content.ReadAsStringAsync());
        Assert.Contains("\n  \"kind\"", await pretty.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
