using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Speech.Quality;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BroadcastOperator.MediaWorker.Status;

/// <summary>
/// Writes the session's <c>AudioQuality</c> condition. Conditions are one list in a JSON merge patch, shared with the
/// operator, so the writer reads the session, replaces only its own condition, and patches with the resourceVersion
/// it read: a concurrent write by the operator makes it fail with 409 instead of losing the operator's conditions,
/// and the caller tries again later. <c>lastTransitionTime</c> moves only when the status flips.
/// </summary>
public sealed class AudioQualityConditionWriter(IKubernetes kubernetes, string ns, string name, ILogger logger)
{
    /// <summary>Makes the condition say <paramref name="verdict"/>; false when it could not be written now (try again later).</summary>
    public async Task<bool> WriteAsync(AudioQualityVerdict verdict, DateTime now, CancellationToken cancellationToken)
    {
        try
        {
            var raw = await kubernetes.CustomObjects.GetNamespacedCustomObjectStatusAsync(
                BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural, name, cancellationToken);
            var session = KubernetesJson.Deserialize<BroadcastSession>(((JsonElement)raw).GetRawText());
            var conditions = Merge(session.Status?.Conditions, ConditionFor(verdict), now);
            if (conditions is null)
            {
                return true; // already says so
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = session.Metadata.ResourceVersion },
                ["status"] = new JsonObject { ["conditions"] = JsonNode.Parse(KubernetesJson.Serialize(conditions)) },
            }.ToJsonString();
            await kubernetes.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural, name,
                cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false; // the operator wrote in between: read again next time
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WorkerLog.StatusWriteFailed(logger, e.Message);
            return false;
        }
    }

    /// <summary>The condition a verdict makes (lastTransitionTime left for <see cref="Merge"/>).</summary>
    public static V1Condition ConditionFor(AudioQualityVerdict verdict) => new()
    {
        Type = AudioQualityCondition.Type,
        Status = verdict.IsGood ? "True" : "False",
        Reason = verdict.Reason.ToString(),
        Message = verdict.Message,
    };

    /// <summary>
    /// The session's conditions with <paramref name="condition"/> in place of the old one of its type, others untouched;
    /// null when nothing would change.
    /// </summary>
    public static List<V1Condition>? Merge(IList<V1Condition>? existing, V1Condition condition, DateTime now)
    {
        var old = existing?.FirstOrDefault(c => c.Type == condition.Type);
        if (old is not null && old.Status == condition.Status && old.Reason == condition.Reason && old.Message == condition.Message)
        {
            return null;
        }

        condition.LastTransitionTime = old is not null && old.Status == condition.Status
            ? old.LastTransitionTime
            : new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var merged = existing?.Where(c => c.Type != condition.Type).ToList() ?? [];
        merged.Add(condition);
        return merged;
    }
}
