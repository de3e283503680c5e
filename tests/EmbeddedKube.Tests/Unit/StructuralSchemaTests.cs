using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Schema;

namespace BroadcastOperator.EmbeddedKube.Tests.Unit;

public sealed class StructuralSchemaTests
{
    private static readonly StructuralSchema Schema = new(JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","required":["name"],"properties":{
            "name":{"type":"string","minLength":1},
            "count":{"type":"integer","default":3,"minimum":1,"maximum":5},
            "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set","maxItems":2},
            "mode":{"type":"string","enum":["a","b"]},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
            "when":{"type":"string","format":"date-time"}}}}}
        """)!.AsObject());

    private static (JsonObject Object, IReadOnlyList<string> Errors) Apply(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        return (obj, Schema.Apply(obj).Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Defaults_are_filled_and_unknown_fields_pruned_except_where_preserved()
    {
        var (obj, errors) = Apply("""{"metadata":{"name":"x"},"spec":{"name":"n","extra":1,"free":{"anything":[1]}},"junk":true}""");
        Assert.Empty(errors);
        Assert.Equal(3, obj["spec"]!["count"]!.GetValue<int>());
        Assert.Null(obj["spec"]!["extra"]);
        Assert.Null(obj["junk"]);
        Assert.NotNull(obj["spec"]!["free"]!["anything"]);
        Assert.NotNull(obj["metadata"]);
    }

    [Theory]
    [InlineData("""{"spec":{}}""", "spec.name: Required value")]
    [InlineData("""{"spec":{"name":""}}""", "spec.name: Invalid value")]
    [InlineData("""{"spec":{"name":"n","count":9}}""", "should be less than or equal to 5")]
    [InlineData("""{"spec":{"name":"n","count":1.5}}""", "must be of type integer")]
    [InlineData("""{"spec":{"name":"n","tags":["a","a"]}}""", "spec.tags[1]: Duplicate value")]
    [InlineData("""{"spec":{"name":"n","tags":["a","b","c"]}}""", "spec.tags: Too many")]
    [InlineData("""{"spec":{"name":"n","mode":"c"}}""", "spec.mode: Unsupported value: \"c\"")]
    [InlineData("""{"spec":{"name":"n","when":"yesterday"}}""", "must be of type date-time")]
    [InlineData("""{"spec":"text"}""", "spec: Invalid value")]
    public void Violations_name_the_field(string json, string expected)
    {
        var (_, errors) = Apply(json);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_plain_scalars_become_typed_json()
    {
        var node = RequestBodyYaml("a: 1\nb: true\nc: \"1\"\nd: ~\ne: 1.5\nf: text\ng: [x, 2]\n");
        Assert.Equal("""{"a":1,"b":true,"c":"1","d":null,"e":1.5,"f":"text","g":["x",2]}""", node.ToJsonString());
    }

    private static JsonNode RequestBodyYaml(string yaml) => BroadcastOperator.EmbeddedKube.Api.RequestBody.ParseYaml(System.Text.Encoding.UTF8.GetBytes(yaml));
}
