using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// Answers the self-reviews `kubectl auth can-i` and `kubectl auth can-i --list` send. The embedded
/// server authorizes nothing (every request is allowed), and says so in the answer rather than
/// pretending a policy was evaluated.
/// </summary>
public static class AuthorizationReviews
{
    public const string Reason = "the embedded API server has no authorization: every request is allowed";

    public static JsonObject Answer(ResourceType type, JsonObject review)
    {
        var answer = (JsonObject)review.DeepClone();
        answer["apiVersion"] = type.ApiVersion;
        answer["kind"] = type.Kind;
        if (answer["metadata"] is not JsonObject)
        {
            answer["metadata"] = new JsonObject();
        }
        answer["status"] = type == BuiltinResources.SelfSubjectRulesReviews ? AllRules() : Allowed();
        return answer;
    }

    private static JsonObject Allowed() => new() { ["allowed"] = true, ["reason"] = Reason };

    private static JsonObject AllRules() => new()
    {
        ["resourceRules"] = new JsonArray(new JsonObject
        {
            ["verbs"] = new JsonArray("*"),
            ["apiGroups"] = new JsonArray("*"),
            ["resources"] = new JsonArray("*"),
        }),
        ["nonResourceRules"] = new JsonArray(new JsonObject
        {
            ["verbs"] = new JsonArray("*"),
            ["nonResourceURLs"] = new JsonArray("*"),
        }),
        ["incomplete"] = false,
    };
}
