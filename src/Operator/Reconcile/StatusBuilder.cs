using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>
/// Builds the operator-owned status from the current one, keeps condition transition times, and
/// derives the phase and the status Events (a flip to ChannelsReady, Ready, Degraded, Failed, Expired).
/// </summary>
internal sealed class StatusBuilder(BroadcastSession session, DateTime now, DateTime expiresAt)
{
    private readonly BroadcastSessionStatus? _current = session.Status;
    private readonly long _generation = session.Metadata.Generation ?? 0;
    private List<V1Condition> _conditions = session.Status?.Conditions?.ToList() ?? [];
    private ChannelStatus? _channel = session.Status?.Channel;
    private List<LanguageChannelStatus>? _languages = session.Status?.Languages;
    private WorkerStatus? _worker = session.Status?.Worker;
    private bool _channelsReady;
    private bool _workerReady;
    private bool _readySetExplicitly;
    private bool _workerCrashed;
    private SessionEvent? _archivedEvent;

    /// <summary>Set for terminal phases; otherwise Active when ready, else Provisioning.</summary>
    public SessionPhase? Phase { get; init; }

    public void Channels(bool ready, string reason, string message)
    {
        _channelsReady = ready;
        _conditions = Conditions.Set(_conditions, ConditionTypes.ChannelsReady, ready, reason, message, _generation, now);
    }

    public void Worker(bool ready, string reason, string message, V1Pod? pod, V1Service? service)
    {
        _workerReady = ready;
        _conditions = Conditions.Set(_conditions, ConditionTypes.WorkerReady, ready, reason, message, _generation, now);
        _worker = pod is null && service is null ? _worker : new WorkerStatus
        {
            Pod = pod?.Metadata.Name,
            Service = service?.Metadata.Name,
            Ready = ready,
        };
    }

    /// <summary>The worker crashed and is being restarted: Degraded rather than Provisioning until it is ready again.</summary>
    public void WorkerCrashed() => _workerCrashed = true;

    public void Ready(bool ready, string reason, string message)
    {
        _readySetExplicitly = true;
        _conditions = Conditions.Set(_conditions, ConditionTypes.Ready, ready, reason, message, _generation, now);
    }

    /// <summary>The Archived condition, with an Event when its reason changes (a Warning when teardown goes on without the flush).</summary>
    public void Archived(bool archived, string reason, string message)
    {
        if (Conditions.Find(_conditions, ConditionTypes.Archived)?.Reason != reason)
        {
            _archivedEvent = archived || reason == ConditionReasons.ArchiveFlushing ? SessionEvent.Info(reason, message) : SessionEvent.Warn(reason, message);
        }
        _conditions = Conditions.Set(_conditions, ConditionTypes.Archived, archived, reason, message, _generation, now);
    }

    public void ChannelStatus(ChannelRecord source, IReadOnlyList<(string Language, ChannelRecord Channel)> languages)
    {
        // The speaker is MASTER of the source channel; listeners are VIEWERs of the language channels.
        _channel = ToStatus(source, source.Master);
        _languages = languages.Select(l => new LanguageChannelStatus { Language = l.Language, Channel = ToStatus(l.Channel, l.Channel.Viewer) }).ToList();
    }

    public SessionPlan Build(IReadOnlyList<SessionAction> actions, IReadOnlyList<SessionEvent> actionEvents, TimeSpan? requeueAfter)
    {
        var ready = _channelsReady && _workerReady;
        if (!_readySetExplicitly)
        {
            Ready(ready, ready ? ConditionReasons.Ready : ConditionReasons.Provisioning,
                ready ? "Channels are active and the worker is ready" : "Waiting for channels and worker");
        }
        var phase = Phase ?? (ready ? SessionPhase.Active : _workerCrashed ? SessionPhase.Degraded : SessionPhase.Provisioning);
        var status = new BroadcastSessionStatus
        {
            Phase = phase,
            ObservedGeneration = _generation,
            Conditions = _conditions,
            Channel = _channel,
            Languages = _languages,
            Worker = _worker,
            ExpiresAt = expiresAt,
        };
        var events = new List<SessionEvent>();
        if (Flipped(ConditionTypes.ChannelsReady))
        {
            events.Add(SessionEvent.Info(ConditionReasons.ChannelsCreated, Conditions.Find(_conditions, ConditionTypes.ChannelsReady)!.Message));
        }
        var readyCondition = Conditions.Find(_conditions, ConditionTypes.Ready)!;
        if (phase == SessionPhase.Active && Flipped(ConditionTypes.Ready))
        {
            events.Add(SessionEvent.Info(ConditionReasons.Ready, readyCondition.Message));
        }
        var previous = Conditions.Find(_current?.Conditions, ConditionTypes.Ready);
        if (phase == SessionPhase.Failed && (_current?.Phase != SessionPhase.Failed || previous?.Message != readyCondition.Message))
        {
            events.Add(SessionEvent.Warn(ConditionReasons.Failed, readyCondition.Message));
        }
        if (phase == SessionPhase.Degraded && _current?.Phase != SessionPhase.Degraded)
        {
            events.Add(SessionEvent.Warn(ConditionReasons.WorkerRestarting, Conditions.Find(_conditions, ConditionTypes.WorkerReady)!.Message));
        }
        if (phase == SessionPhase.Expired && _current?.Phase != SessionPhase.Expired)
        {
            events.Add(SessionEvent.Info(ConditionReasons.Expired, readyCondition.Message));
        }
        if (_archivedEvent is not null)
        {
            events.Add(_archivedEvent);
        }
        var patch = OperatorStatus.SameAs(_current, status) ? null : status;
        return new SessionPlan(actions, patch, actionEvents, patch is null ? [] : events, requeueAfter);
    }

    private bool Flipped(string type) =>
        Conditions.IsTrue(_conditions, type) && !Conditions.IsTrue(_current?.Conditions, type);

    private static ChannelStatus ToStatus(ChannelRecord channel, ChannelEndpointPair? endpoints) => new()
    {
        Name = channel.Name,
        Arn = channel.Arn,
        Endpoints = new ChannelEndpoints { Wss = endpoints?.Wss, Https = endpoints?.Https },
    };
}
