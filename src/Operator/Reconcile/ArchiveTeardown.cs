using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>Where the archive stands while its session is being deleted, and what teardown does about it.</summary>
public enum ArchiveTeardownState
{
    /// <summary>The session keeps no archive, or the Archived condition is already decided: tear down.</summary>
    NotWaiting,

    /// <summary>The worker is still finishing its files: stop it (delete its pod) and look again.</summary>
    Flushing,

    /// <summary>The worker reported status.archive.complete: set Archived True, then tear down.</summary>
    Flushed,

    /// <summary>The worker gave up on the archive (a write, the final flush or the final S3 upload failed): Archived False with its reason.</summary>
    Failed,

    /// <summary>The grace period ran out first: set Archived False, then tear down; what was written stays.</summary>
    TimedOut,

    /// <summary>No worker ever ran the archive (status.archive unset, no ready pod): nothing to wait for.</summary>
    NeverStarted,
}

/// <summary>
/// The archive's part of teardown, pure. Deleting an archiving session stops its worker (the pod's deletion is its
/// SIGTERM: it writes what is queued, ends every file and reports <c>status.archive.complete</c>), and the finalizer
/// is held until that report or until the grace period after the deletion timestamp, whichever comes first.
/// </summary>
public static class ArchiveTeardown
{
    /// <summary>How often to look again while waiting: the worker's status write is not a watch event the controller acts on.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>Reasons of an Archived condition that is final: once set, teardown no longer waits.</summary>
    private static readonly HashSet<string> FinalReasons =
        [ConditionReasons.ArchiveFlushed, ConditionReasons.ArchiveTimedOut, ConditionReasons.ArchiveNeverStarted, ConditionReasons.ArchiveFailed];

    public static ArchiveTeardownState Decide(BroadcastSession session, V1Pod? pod, TimeSpan grace, DateTime now)
    {
        if (session.Spec.Archive is not { IsEnabled: true })
        {
            return ArchiveTeardownState.NotWaiting;
        }
        var archived = Conditions.Find(session.Status?.Conditions, ConditionTypes.Archived);
        if (archived?.Reason is { } reason && FinalReasons.Contains(reason))
        {
            return ArchiveTeardownState.NotWaiting;
        }
        var archive = session.Status?.Archive;
        if (!string.IsNullOrEmpty(archive?.Error))
        {
            return ArchiveTeardownState.Failed;
        }
        if (archive?.Complete == true)
        {
            return ArchiveTeardownState.Flushed;
        }
        if (archive is null && (pod is null || !Worker.WorkerResources.IsReady(pod)))
        {
            return ArchiveTeardownState.NeverStarted;
        }
        return now >= Deadline(session, grace) ? ArchiveTeardownState.TimedOut : ArchiveTeardownState.Flushing;
    }

    /// <summary>The deletion timestamp plus the grace period.</summary>
    public static DateTime Deadline(BroadcastSession session, TimeSpan grace)
    {
        var deleted = session.Metadata.DeletionTimestamp ?? DateTime.UtcNow;
        deleted = deleted.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(deleted, DateTimeKind.Utc) : deleted.ToUniversalTime();
        return deleted + grace;
    }
}
