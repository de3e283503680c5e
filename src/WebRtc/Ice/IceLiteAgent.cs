using System.Net;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// The controlled side of ICE as a lite implementation (RFC 8445 §2.5, §7.3): it never sends
/// checks; it answers Binding requests, validates the endpoints they come from, follows the
/// controlling peer's nomination, and drops endpoints whose consent lapses (RFC 7675).
/// <para>Transitions: New → Connected (first valid check) → Completed (USE-CANDIDATE) →
/// Disconnected (every endpoint silent past the timeout) → Connected again on a new valid check;
/// any → Closed. A valid check from a new address is the only thing that adds an endpoint, so
/// spoofed media or DTLS from elsewhere never moves the selected one. An ICE restart
/// (<see cref="Restart"/>) changes the credentials checks must carry and keeps the state, so media
/// goes on to the selected endpoint until checks with the new credentials move it.</para>
/// </summary>
public sealed class IceLiteAgent
{
    private readonly object _gate = new();
    private readonly IceLiteOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<IPEndPoint, long> _lastValidCheck = [];
    private readonly RecentTransactions _seenChecks = new(capacity: 256);
    private IPEndPoint? _selected;
    private bool _nominated;
    private IceState _state = IceState.New;
    private long? _lastCheck;
    private bool _restarting;
    private IceCredentials _local;

    public IceLiteAgent(IceCredentials local, IceLiteOptions? options = null, TimeProvider? time = null)
    {
        _local = local;
        _options = options ?? new IceLiteOptions();
        _time = time ?? TimeProvider.System;
    }

    public IceCredentials Local
    {
        get
        {
            lock (_gate)
            {
                return _local;
            }
        }
    }

    /// <summary>The remote ufrag from the remote SDP; when set, the sender part of USERNAME must match it.</summary>
    public string? RemoteUfrag { get; set; }

    public IceState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Where media goes: the nominated endpoint, else the latest validated one.</summary>
    public IPEndPoint? SelectedEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    /// <summary>True once the controlling peer sent USE-CANDIDATE for the selected endpoint.</summary>
    public bool IsNominated
    {
        get
        {
            lock (_gate)
            {
                return _nominated;
            }
        }
    }

    /// <summary>Raised outside the agent's lock, in order, on every transition.</summary>
    public event Action<IceState>? StateChanged;

    public event Action<IPEndPoint?>? SelectedEndPointChanged;

    /// <summary>True when a valid check came from <paramref name="endPoint"/> and its consent has not lapsed.</summary>
    public bool IsValidated(IPEndPoint endPoint)
    {
        lock (_gate)
        {
            return _lastValidCheck.ContainsKey(endPoint);
        }
    }

    /// <summary>How long since the last valid check from any endpoint; null before the first.</summary>
    public TimeSpan? SinceLastValidCheck
    {
        get
        {
            lock (_gate)
            {
                return _lastCheck is { } last ? _time.GetElapsedTime(last) : null;
            }
        }
    }

    /// <summary>True from a <see cref="Restart"/> until the first valid check with the new credentials.</summary>
    public bool IsRestarting
    {
        get
        {
            lock (_gate)
            {
                return _restarting;
            }
        }
    }

    /// <summary>
    /// An ICE restart (RFC 8445 §9, JSEP §5.2.1): from now on checks must carry <paramref name="local"/> and come from
    /// <paramref name="remoteUfrag"/>. Validated endpoints and the selected one stay, each until its consent lapses or a
    /// check with the new credentials moves the selection, so media is not interrupted by the restart itself.
    /// </summary>
    public void Restart(IceCredentials local, string remoteUfrag)
    {
        lock (_gate)
        {
            _local = local;
            RemoteUfrag = remoteUfrag;
            _restarting = true;
        }
    }

    /// <summary>Parses and answers one STUN datagram from <paramref name="remote"/>.</summary>
    public IceCheckOutcome HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (!StunMessage.TryParse(datagram, out var request))
        {
            var error = StunResponses.ErrorForUnparsable(datagram, StunErrorCode.BadRequest);
            return error is null ? IceCheckOutcome.Ignored : Reject(error, StunErrorCode.BadRequest, sign: false);
        }

        return HandleStun(request, remote);
    }

    public IceCheckOutcome HandleStun(StunMessage request, IPEndPoint remote)
    {
        if (request.Type != StunMessageType.BindingRequest || State == IceState.Closed)
        {
            return IceCheckOutcome.Ignored; // indications are keepalives; a lite agent sends no requests, so expects no responses
        }

        if (request.Has(StunAttributeType.Fingerprint) && !request.HasValidFingerprint())
        {
            return IceCheckOutcome.Ignored; // RFC 8445 §7.3: not a STUN packet for us
        }

        var username = request.GetUsername();
        if (username is null || !request.Has(StunAttributeType.MessageIntegrity) && !request.Has(StunAttributeType.MessageIntegritySha256))
        {
            return Reject(StunResponses.Error(request, StunErrorCode.BadRequest), StunErrorCode.BadRequest, sign: false);
        }

        var local = Local; // one restart-consistent view of the credentials for this check
        if (!IceCredentials.TrySplitUsername(username, out var receiver, out var sender)
            || receiver != local.Ufrag
            || (RemoteUfrag is { } expected && sender != expected)
            || !request.VerifyAnyIntegrity(local.Key))
        {
            return Reject(StunResponses.Error(request, StunErrorCode.Unauthorized), StunErrorCode.Unauthorized, sign: false);
        }

        var unknown = request.Attributes.Where(a => StunAttributeType.IsComprehensionRequired(a.Type) && !IsKnown(a.Type)).Select(a => a.Type).ToArray();
        if (unknown.Length > 0)
        {
            var response = StunResponses.Error(request, StunErrorCode.UnknownAttribute);
            response.Add(StunAttributeType.UnknownAttributes, unknown.SelectMany(t => new[] { (byte)(t >> 8), (byte)t }).ToArray());
            return Reject(response, StunErrorCode.UnknownAttribute, sign: true);
        }

        if (request.GetPriority() is null)
        {
            return Reject(StunResponses.Error(request, StunErrorCode.BadRequest), StunErrorCode.BadRequest, sign: true);
        }

        if (request.GetIceControlled() is not null)
        {
            // Both sides claim controlled; a lite agent cannot become controlling (RFC 8445 §7.3.1.1).
            return Reject(StunResponses.Error(request, StunErrorCode.RoleConflict), StunErrorCode.RoleConflict, sign: true);
        }

        if (!_seenChecks.TryRecord(request.TransactionId, remote))
        {
            return IceCheckOutcome.Ignored; // a captured check replayed from another address must not move the pair
        }

        Accept(remote, request.HasUseCandidate());
        var success = StunResponses.Success(request, remote);
        if (_options.Software is { } software)
        {
            success.AddSoftware(software);
        }

        return new IceCheckOutcome(IceCheckVerdict.Accepted, success.ToArray(new StunSigning(local.Key, AddFingerprint: true)));
    }

    /// <summary>Drops endpoints silent past the consent timeout; call it every second or so.</summary>
    public void CheckConsent()
    {
        var events = new List<Action>();
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            foreach (var (endPoint, last) in _lastValidCheck.ToArray())
            {
                if (_time.GetElapsedTime(last, now) >= _options.ConsentTimeout)
                {
                    _lastValidCheck.Remove(endPoint);
                }
            }

            if (_selected is not null && !_lastValidCheck.ContainsKey(_selected))
            {
                _nominated = false;
                var next = _lastValidCheck.OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
                Select(next, events);
                Transition(next is null ? IceState.Disconnected : IceState.Connected, events);
            }
        }

        Raise(events);
    }

    public void Close()
    {
        var events = new List<Action>();
        lock (_gate)
        {
            _lastValidCheck.Clear();
            Select(null, events);
            Transition(IceState.Closed, events);
        }

        Raise(events);
    }

    private void Accept(IPEndPoint remote, bool useCandidate)
    {
        var events = new List<Action>();
        lock (_gate)
        {
            if (_state == IceState.Closed)
            {
                return;
            }

            _lastCheck = _lastValidCheck[remote] = _time.GetTimestamp();
            _restarting = false;
            if (useCandidate)
            {
                _nominated = true;
                Select(remote, events);
                Transition(IceState.Completed, events);
            }
            else if (_selected is null)
            {
                Select(remote, events);
                Transition(IceState.Connected, events);
            }
        }

        Raise(events);
    }

    private void Select(IPEndPoint? endPoint, List<Action> events)
    {
        if (Equals(_selected, endPoint))
        {
            return;
        }

        _selected = endPoint;
        events.Add(() => SelectedEndPointChanged?.Invoke(endPoint));
    }

    private void Transition(IceState next, List<Action> events)
    {
        if (_state == next || _state == IceState.Closed)
        {
            return;
        }

        _state = next;
        events.Add(() => StateChanged?.Invoke(next));
    }

    private IceCheckOutcome Reject(StunMessage response, StunErrorCode error, bool sign) =>
        new(IceCheckVerdict.Rejected, response.ToArray(new StunSigning(sign ? Local.Key : null, AddFingerprint: true)), error);

    private static bool IsKnown(ushort type) => type is StunAttributeType.Username or StunAttributeType.MessageIntegrity
        or StunAttributeType.MessageIntegritySha256 or StunAttributeType.Priority or StunAttributeType.UseCandidate
        or StunAttributeType.XorMappedAddress or StunAttributeType.MappedAddress or StunAttributeType.ErrorCode;

    private static void Raise(List<Action> events)
    {
        foreach (var raise in events)
        {
            raise();
        }
    }
}
