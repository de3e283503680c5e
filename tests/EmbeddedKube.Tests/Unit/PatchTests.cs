using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Patching;

namespace BroadcastOperator.EmbeddedKube.Tests.Unit;

public sealed class PatchTests
{
    // RFC 7386 appendix A.
    [Theory]
    [InlineData("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"a\":null}", "{}")]
    [InlineData("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}")]
    [InlineData("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}")]
    [InlineData("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}")]
    [InlineData("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}")]
    [InlineData("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]")]
    [InlineData("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]")]
    [InlineData("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}")]
    [InlineData("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}")]
    public void Merge_patch_follows_rfc_7386(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Fact]
    public void Json_patch_applies_every_operation_in_order()
    {
        var document = JsonNode.Parse("""{"a":{"b":[1,2]},"c":"x"}""")!;
        var patch = JsonNode.Parse("""
            [{"op":"add","path":"/a/b/-","value":3},
             {"op":"replace","path":"/c","value":"y"},
             {"op":"copy","from":"/c","path":"/d"},
             {"op":"move","from":"/a/b/0","path":"/first"},
             {"op":"remove","path":"/a/b/0"},
             {"op":"test","path":"/d","value":"y"},
             {"op":"add","path":"/e~1f","value":true}]
            """);
        var result = JsonPatch.Apply(document, patch);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":[3]},"c":"y","d":"y","first":1,"e/f":true}"""), result), result.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""[{"op":"test","path":"/c","value":"other"}]""")]
    [InlineData("""[{"op":"jump","path":"/c"}]""")]
    [InlineData("""{"op":"add"}""")]
    [InlineData("""[{"op":"add","path":"c","value":1}]""")]
    public void Bad_json_patches_are_refused_with_an_api_error(string patch)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("""{"c":"x"}""")!, JsonNode.Parse(patch)));
        Assert.InRange(error.Code, 400, 422);
    }

    [Fact]
    public void Strategic_merge_patch_merges_containers_by_name_and_honours_directives()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]},"metadata":{"finalizers":["x","y"]}}""");
        var patch = JsonNode.Parse("""
            {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"}],
                     "containers":[{"name":"a","image":"a:2"},{"name":"b","$patch":"delete"},{"name":"c","image":"c:1"}]},
             "metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}
            """);
        var result = StrategicMergePatch.Apply(pod, patch);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:2"},{"name":"c","image":"c:1"}]},"metadata":{"finalizers":["y"]}}"""), result),
            result?.ToJsonString());
    }
}
