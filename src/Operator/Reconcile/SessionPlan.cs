using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// The planner's answer: actions to apply now; the operator-owned status to merge-patch (null when
/// it already matches, so an unchanged session causes no write); Events that go with the actions
/// and Events that go with the status (written only when the status is); when to look again.
/// </summary>
public sealed record SessionPlan(
    IReadOnlyList<SessionAction> Actions,
    BroadcastSessionStatus? StatusPatch,
    IReadOnlyList<SessionEvent> ActionEvents,
    IReadOnlyList<SessionEvent> StatusEvents,
    TimeSpan? RequeueAfter)
{
    /// <summary>
    /// The status must be written before the actions are applied (the Archived condition before the finalizer goes): the
    /// executor writes it, observes again and plans again, and that plan's unchanged status lets the actions through.
    /// </summary>
    public bool StatusFirst { get; init; }

    public static readonly SessionPlan Done = new([], null, [], [], null);

    /// <summary>Nothing left to do but write the status.</summary>
    public bool Converged => Actions.Count == 0;
}
