using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Protobuf;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;
using Google.Protobuf;
using k8s;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>Protobuf bodies and answers over HTTP, as client-go sends and reads them.</summary>
[Collection(KubeServerCollection.Name)]
public sealed class ProtobufApiTests(KubeServerFixture cluster) : IDisposable
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(Protobuf);
        return content;
    }

    private static byte[] ConfigMap(string name) =>
        new ProtobufEnvelope("v1", "ConfigMap", ProtoJson.Encode(
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["k"] = "v" } }, KubeMessages.For("v1", "ConfigMap")!).ToByteArray()).ToByteArray();

    [Fact]
    public async Task A_client_accepting_only_protobuf_gets_protobuf_and_one_that_also_takes_json_gets_json()
    {
        var ns = await cluster.NewNamespaceAsync();
        using var created = await _http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Body(ConfigMap("c")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var onlyProtobuf = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c");
        onlyProtobuf.Headers.Accept.ParseAdd(Protobuf);
        using var protobufAnswer = await _http.SendAsync(onlyProtobuf);
        using var either = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c");
        either.Headers.Accept.ParseAdd(Protobuf + ", application/json");
        using var jsonAnswer = await _http.SendAsync(either);

        Assert.Equal(Protobuf, protobufAnswer.Content.Headers.ContentType?.MediaType);
        Assert.True(ProtobufEnvelope.TryParse(await protobufAnswer.Content.ReadAsByteArrayAsync(), out var envelope, out var error), error);
        var decoded = ProtoJson.Decode(ByteString.CopyFrom(envelope.Raw), KubeMessages.For("v1", "ConfigMap")!);
        Assert.Equal("v", decoded["data"]!["k"]!.GetValue<string>());
        Assert.Equal(ns, decoded["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("application/json", jsonAnswer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_protobuf_custom_resource_is_415_and_a_malformed_envelope_is_a_400_status()
    {
        var ns = await cluster.NewNamespaceAsync();
        using var custom = await _http.PostAsync($"/apis/broadcast.dev/v1alpha1/namespaces/{ns}/broadcastsessions", Body(ConfigMap("x")));
        using var noMagic = await _http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Body("{\"metadata\":{}}"u8.ToArray()));
        using var truncated = await _http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Body(ConfigMap("y")[..^3]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, custom.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMagic.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal("Status", JsonNode.Parse(await truncated.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());
        Assert.Empty((await cluster.Client.ListNamespacedConfigMapAsync(ns)).Items);
    }

    public void Dispose() => _http.Dispose();
}
