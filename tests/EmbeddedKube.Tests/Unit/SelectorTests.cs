using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Selectors;

namespace BroadcastOperator.EmbeddedKube.Tests.Unit;

public sealed class SelectorTests
{
    private static readonly JsonObject Labels = JsonNode.Parse("""{"app":"worker","tier":"media","env":"dev"}""")!.AsObject();

    [Theory]
    [InlineData("", true)]
    [InlineData("app=worker", true)]
    [InlineData("app==worker", true)]
    [InlineData("app!=worker", false)]
    [InlineData("app=worker,tier=media", true)]
    [InlineData("app=worker,tier=web", false)]
    [InlineData("tier in (media, web)", true)]
    [InlineData("tier notin (media)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("env", true)]
    [InlineData("!env", false)]
    [InlineData("!missing", true)]
    [InlineData("app in (worker),!missing,env=dev", true)]
    public void Label_selector_matches_like_the_api_server(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in (a")]
    [InlineData("app inside (a)")]
    [InlineData("=value")]
    [InlineData("a b c")]
    public void Malformed_label_selectors_are_bad_requests(string selector) =>
        Assert.Equal(400, Assert.Throws<ApiException>(() => LabelSelector.Parse(selector)).Code);

    [Fact]
    public void Field_selector_reads_nested_fields()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","namespace":"n"},"status":{"phase":"Running"}}""")!.AsObject();
        Assert.True(FieldSelector.Parse("metadata.name=p,status.phase=Running").Matches(pod));
        Assert.False(FieldSelector.Parse("status.phase!=Running").Matches(pod));
        Assert.Equal("p", FieldSelector.Parse("metadata.name==p").PinnedName);
        Assert.Throws<ApiException>(() => FieldSelector.Parse("nonsense"));
    }
}
