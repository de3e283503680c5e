using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>metadata.managedFields: who wrote what, by field manager and operation.</summary>
[Collection(KubeServerCollection.Name)]
public sealed class ManagedFieldsTests(KubeServerFixture cluster) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };

    private async Task<JsonObject> Send(HttpMethod method, string path, string body, string mediaType)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(mediaType)) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task Apply_and_update_each_leave_an_entry_naming_the_manager_and_its_fields()
    {
        var ns = await cluster.NewNamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps/settings";
        await Send(HttpMethod.Patch, path + "?fieldManager=deployer", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"a":"1"}}""", "application/apply-patch+yaml");
        var updated = await Send(HttpMethod.Patch, path + "?fieldManager=tuner", """{"data":{"b":"2"}}""", "application/merge-patch+json");

        var entries = updated["metadata"]!["managedFields"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var apply = Assert.Single(entries, e => e["manager"]!.GetValue<string>() == "deployer");
        var update = Assert.Single(entries, e => e["manager"]!.GetValue<string>() == "tuner");
        Assert.Equal("Apply", apply["operation"]!.GetValue<string>());
        Assert.Equal("Update", update["operation"]!.GetValue<string>());
        Assert.Equal("FieldsV1", update["fieldsType"]!.GetValue<string>());
        Assert.NotNull(apply["fieldsV1"]!["f:data"]!["f:a"]);
        Assert.NotNull(update["fieldsV1"]!["f:data"]!["f:b"]);
        Assert.Null(update["fieldsV1"]!["f:data"]!["f:a"]); // tuner did not write a
        Assert.NotNull(update["time"]);
    }

    [Fact]
    public async Task An_apply_without_a_field_manager_is_refused()
    {
        var ns = await cluster.NewNamespaceAsync();
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/c")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""", Encoding.UTF8, new MediaTypeHeaderValue("application/apply-patch+yaml")),
        });
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("fieldManager", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
