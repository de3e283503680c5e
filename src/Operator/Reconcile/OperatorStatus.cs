using System.Text.Json.Nodes;
using BroadcastOperator.Shared.Model;
using k8s;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// The operator's part of status: everything but <c>media</c> and <c>listenerCount</c>, which the
/// worker writes. Comparison and the merge patch both go through this projection, so the operator
/// can never overwrite the worker's fields.
/// </summary>
public static class OperatorStatus
{
    private static readonly string[] WorkerOwnedFields = ["media", "listenerCount", "archive"];

    public static bool SameAs(BroadcastSessionStatus? current, BroadcastSessionStatus desired) =>
        current is not null && JsonNode.DeepEquals(Project(current), Project(desired));

    /// <summary>The JSON merge patch body for the status subresource.</summary>
    public static string MergePatch(BroadcastSessionStatus desired) =>
        new JsonObject { ["status"] = Project(desired) }.ToJsonString();

    private static JsonObject Project(BroadcastSessionStatus status)
    {
        var copy = new BroadcastSessionStatus
        {
            Phase = status.Phase,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = status.Conditions?.Select(c => new k8s.Models.V1Condition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                ObservedGeneration = c.ObservedGeneration,
                LastTransitionTime = Utc(c.LastTransitionTime),
            }).ToList(),
            Channel = status.Channel,
            Languages = status.Languages,
            Worker = status.Worker,
            ExpiresAt = status.ExpiresAt is { } expires ? Utc(expires) : null,
        };
        var node = JsonNode.Parse(KubernetesJson.Serialize(copy))!.AsObject();
        foreach (var field in WorkerOwnedFields)
        {
            node.Remove(field);
        }
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            node.Remove(key);
        }
        return node;
    }

    private static DateTime Utc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
}
