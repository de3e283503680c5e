using System.Text.Json.Nodes;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.MediaWorker.Status;

/// <summary>
/// Writes the worker's part of the session's status — <c>status.media</c>,
/// <c>status.listenerCount</c> and <c>status.archive</c>, never the operator's fields — as a JSON merge patch on the status
/// subresource, at most every interval and only when something changed.
/// </summary>
public sealed class MediaStatusWriter(IKubernetes kubernetes, string ns, string name, ILogger logger)
{
    private string? _lastWritten;

    /// <summary>The merge patch for this snapshot; null when it equals what was last written.</summary>
    public string? PatchFor(MediaStatus media, int listenerCount, ArchiveStatus? archive = null)
    {
        var status = new JsonObject
        {
            ["media"] = JsonNode.Parse(KubernetesJson.Serialize(media)),
            ["listenerCount"] = listenerCount,
        };
        if (archive is not null)
        {
            status["archive"] = JsonNode.Parse(KubernetesJson.Serialize(archive));
        }
        var patch = new JsonObject { ["status"] = status }.ToJsonString();
        return patch == _lastWritten ? null : patch;
    }

    public async Task WriteIfChangedAsync(MediaStatus media, int listenerCount, ArchiveStatus? archive, CancellationToken cancellationToken)
    {
        if (PatchFor(media, listenerCount, archive) is not { } patch)
        {
            return;
        }
        try
        {
            await kubernetes.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural, name,
                cancellationToken: cancellationToken);
            _lastWritten = patch;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Written again at the next tick: the patch is idempotent.
            WorkerLog.StatusWriteFailed(logger, e.Message);
        }
    }
}
