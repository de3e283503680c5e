using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>Deleting a session that keeps an archive: the finalizer waits for the worker's flush, bounded by the grace period.</summary>
public sealed class ArchiveTeardownPlanTests
{
    private static readonly DateTime Deleted = Sessions.Created.AddMinutes(5);
    private static readonly TimeSpan Grace = Sessions.Settings.Worker.ArchiveGracePeriod;

    private static (BroadcastSession Session, ObservedSession Observed) RunningArchiveSession()
    {
        var session = Sessions.New();
        session.Spec.Archive = new ArchiveSpec();
        var channels = Sessions.AllChannels(session);
        var pod = Sessions.ReadyPod(SessionPlanner.Plan(session, new ObservedSession(channels, null, null), Sessions.Settings, Deleted)
            .Actions.OfType<CreatePod>().Single().Pod);
        session.Status = new BroadcastSessionStatus { Archive = new ArchiveStatus { Location = "/archive/team/talk", Complete = false } };
        session.Metadata.DeletionTimestamp = Deleted;
        return (session, new ObservedSession(channels, pod, null));
    }

    [Fact]
    public void Deleting_an_archiving_session_stops_the_worker_and_keeps_the_channels_until_the_archive_is_flushed()
    {
        var (session, observed) = RunningArchiveSession();

        var plan = SessionPlanner.Plan(session, observed, Sessions.Settings, Deleted.AddSeconds(1));

        Assert.Equal([new DeletePod(observed.Pod!.Metadata.Name)], plan.Actions);
        var archived = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Archived)!;
        Assert.Equal((Conditions.False, ConditionReasons.ArchiveFlushing), (archived.Status, archived.Reason));
        Assert.Equal(SessionPhase.Terminating, plan.StatusPatch.Phase);
        Assert.Equal(ArchiveTeardown.Recheck, plan.RequeueAfter);
    }

    [Fact]
    public void While_the_worker_flushes_nothing_is_deleted_and_the_next_look_is_no_later_than_the_deadline()
    {
        var (session, observed) = RunningArchiveSession();
        var stopped = observed with { Pod = null };

        var plan = SessionPlanner.Plan(session, stopped, Sessions.Settings, Deleted + Grace - TimeSpan.FromMilliseconds(300));

        Assert.Empty(plan.Actions);
        Assert.Equal(TimeSpan.FromMilliseconds(300), plan.RequeueAfter);
    }

    [Fact]
    public void The_workers_flush_report_sets_Archived_before_the_channels_go_and_the_finalizer_is_removed()
    {
        var (session, observed) = RunningArchiveSession();
        session.Status!.Archive!.Complete = true;
        var now = Deleted.AddSeconds(3);

        var first = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, now);
        Sessions.ApplyStatus(session, first);
        var second = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, now);
        var last = SessionPlanner.Plan(session, new ObservedSession([], null, null), Sessions.Settings, now);

        Assert.True(first.StatusFirst);
        var archived = Conditions.Find(first.StatusPatch!.Conditions, ConditionTypes.Archived)!;
        Assert.Equal((Conditions.True, ConditionReasons.ArchiveFlushed), (archived.Status, archived.Reason));
        Assert.Contains("/archive/team/talk", archived.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionReasons.ArchiveFlushed, Assert.Single(first.StatusEvents).Reason);
        Assert.Null(second.StatusPatch); // written: the executor now applies the deletes
        Assert.Equal(4, second.Actions.OfType<DeleteChannel>().Count());
        Assert.Equal([new RemoveFinalizer()], last.Actions);
    }

    [Fact]
    public void Past_the_grace_period_teardown_goes_on_with_a_warning_and_Archived_False()
    {
        var (session, observed) = RunningArchiveSession();

        var plan = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, Deleted + Grace);

        var archived = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Archived)!;
        Assert.Equal((Conditions.False, ConditionReasons.ArchiveTimedOut), (archived.Status, archived.Reason));
        var warning = Assert.Single(plan.StatusEvents);
        Assert.Equal(SessionEvent.Warning, warning.Type);
        Assert.Equal(4, plan.Actions.OfType<DeleteChannel>().Count());
    }

    [Fact]
    public void A_failed_archive_sets_Archived_False_with_the_workers_reason_and_teardown_goes_on_at_once()
    {
        var (session, observed) = RunningArchiveSession();
        session.Status!.Archive = new ArchiveStatus
        {
            Location = "s3://archive/team/talk/", Complete = false, Error = "the final upload to s3://archive/team/talk/ failed: NoSuchBucket (404)",
        };

        var plan = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, Deleted.AddSeconds(2));
        Sessions.ApplyStatus(session, plan);
        var next = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, Deleted.AddSeconds(2));

        var archived = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Archived)!;
        Assert.Equal((Conditions.False, ConditionReasons.ArchiveFailed), (archived.Status, archived.Reason));
        Assert.Contains("NoSuchBucket", archived.Message, StringComparison.Ordinal);
        Assert.Contains("s3://archive/team/talk/", archived.Message, StringComparison.Ordinal);
        Assert.Equal(SessionEvent.Warning, Assert.Single(plan.StatusEvents).Type);
        Assert.Equal(4, next.Actions.OfType<DeleteChannel>().Count()); // no waiting for a grace period that cannot help
    }

    [Fact]
    public void A_session_whose_worker_never_ran_is_not_waited_for()
    {
        var (session, observed) = RunningArchiveSession();
        session.Status = null;

        var plan = SessionPlanner.Plan(session, observed with { Pod = null }, Sessions.Settings, Deleted);

        Assert.Equal(ConditionReasons.ArchiveNeverStarted, Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Archived)!.Reason);
        Assert.Equal(4, plan.Actions.OfType<DeleteChannel>().Count());
    }

    [Fact]
    public void A_session_without_an_archive_tears_down_at_once_without_an_Archived_condition()
    {
        var (session, observed) = RunningArchiveSession();
        session.Spec.Archive = null;

        var plan = SessionPlanner.Plan(session, observed, Sessions.Settings, Deleted);

        Assert.Equal(4, plan.Actions.OfType<DeleteChannel>().Count());
        Assert.DoesNotContain(plan.Actions, a => a is DeletePod);
        Assert.False(plan.StatusFirst);
    }

    [Fact]
    public void An_archiving_worker_pod_gets_the_grace_period_to_stop()
    {
        var (session, observed) = RunningArchiveSession();

        Assert.Equal((long)Grace.TotalSeconds, observed.Pod!.Spec.TerminationGracePeriodSeconds);
    }
}
