using System.Net;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>The ICE half of a peer connection: lite (answers checks) or controlling (sends them).</summary>
internal interface IPeerIce
{
    IceCredentials Local { get; }

    IPEndPoint? Selected { get; }

    bool IsConnected { get; }

    event Action? Changed;

    bool IsValidated(IPEndPoint remote);

    /// <summary>Handles a STUN message; returns true when it validated <paramref name="remote"/>. <paramref name="send"/> answers.</summary>
    bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote, Action<byte[], IPEndPoint> send);

    /// <summary>Periodic work: consent, and checks when controlling.</summary>
    void Tick(Action<byte[], IPEndPoint> send);

    /// <summary>The remote credentials and its UDP candidates for component 1 (with an address, not an mDNS name).</summary>
    void SetRemote(string ufrag, string password, IReadOnlyList<IceCandidate> candidates);

    /// <summary>An ICE restart: new local credentials, the remote's new ones (see <see cref="IceRestart"/>).</summary>
    void Restart(string ufrag, string password);

    /// <summary>True from an ICE restart until the remote's first valid check with the new credentials.</summary>
    bool IsRestarting { get; }

    /// <summary>A trickled candidate; only a controlling agent needs one (a lite agent learns addresses from checks).</summary>
    bool AddRemoteCandidate(IceCandidate candidate);

    void Close();
}

internal sealed class LitePeerIce : IPeerIce
{
    private readonly IceLiteAgent _agent;

    public LitePeerIce(IceLiteOptions options, TimeProvider time)
    {
        _agent = new IceLiteAgent(IceCredentials.Generate(), options, time);
        _agent.StateChanged += _ => Changed?.Invoke();
        _agent.SelectedEndPointChanged += _ => Changed?.Invoke();
    }

    public event Action? Changed;

    public IceCredentials Local => _agent.Local;

    public IPEndPoint? Selected => _agent.SelectedEndPoint;

    public bool IsConnected => _agent.State is IceState.Connected or IceState.Completed;

    public bool IsValidated(IPEndPoint remote) => _agent.IsValidated(remote);

    public bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote, Action<byte[], IPEndPoint> send)
    {
        var outcome = _agent.HandleStun(message, remote);
        if (outcome.Response is { } response)
        {
            send(response, remote);
        }

        return outcome.Verdict == IceCheckVerdict.Accepted;
    }

    public void Tick(Action<byte[], IPEndPoint> send) => _agent.CheckConsent();

    public void SetRemote(string ufrag, string password, IReadOnlyList<IceCandidate> candidates) => _agent.RemoteUfrag = ufrag;

    public void Restart(string ufrag, string password) => _agent.Restart(IceCredentials.Generate(), ufrag);

    public bool IsRestarting => _agent.IsRestarting;

    public bool AddRemoteCandidate(IceCandidate candidate) => false;

    public void Close() => _agent.Close();
}

/// <summary>Our controlling client's ICE: every remote candidate is checked as a check list (<see cref="IceCheckList"/>).</summary>
internal sealed class ControllingPeerIce : IPeerIce
{
    private static readonly TimeSpan ConsentCheckInterval = TimeSpan.FromSeconds(2.5); // RFC 7675 §5.1
    private readonly TimeSpan _consentTimeout;
    private readonly TimeProvider _time;
    private readonly List<IceCandidate> _early = []; // trickled before the remote description
    private IceControllingAgent? _agent;
    private long _lastConsentCheck;
    private bool _closed;

    public ControllingPeerIce(TimeSpan consentTimeout, TimeProvider time)
    {
        _consentTimeout = consentTimeout;
        _time = time;
    }

    public event Action? Changed;

    public IceCredentials Local { get; } = IceCredentials.Generate();

    public IPEndPoint? Selected => IsConnected ? _agent?.Nominated : null;

    public bool IsConnected => _agent?.State == IceState.Completed && !_closed;

    public bool IsValidated(IPEndPoint remote) => IsConnected && remote.Equals(_agent?.Nominated);

    public bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote, Action<byte[], IPEndPoint> send) =>
        _agent is { } agent && agent.IsCandidate(remote) && message.Type.Class == StunClass.SuccessResponse
        && agent.HandleResponse(datagram, remote);

    public void SetRemote(string ufrag, string password, IReadOnlyList<IceCandidate> candidates)
    {
        var agent = new IceControllingAgent(Local, new IceCredentials(ufrag, password), time: _time);
        foreach (var candidate in candidates.Concat(_early))
        {
            agent.AddRemoteCandidate(candidate.TryGetEndPoint()!, candidate.Priority);
        }

        agent.StateChanged += _ => Changed?.Invoke();
        _agent = agent;
    }

    /// <summary>Our own controlling client never restarts ICE: it starts a new connection instead.</summary>
    public void Restart(string ufrag, string password) =>
        throw new NotSupportedException("The controlling client does not take part in ICE restarts; make a new connection.");

    public bool IsRestarting => false;

    /// <summary>A trickled candidate joins the check list (kept until the remote description when it comes first).</summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        if (candidate.TryGetEndPoint() is not { } endPoint)
        {
            return false;
        }

        if (_agent is not { } agent)
        {
            _early.Add(candidate);
            return true;
        }

        return agent.AddRemoteCandidate(endPoint, candidate.Priority);
    }

    /// <summary>Paced checks down the check list until a pair is nominated, then about every 2.5 s on that pair to keep consent.</summary>
    public void Tick(Action<byte[], IPEndPoint> send)
    {
        if (_agent is not { } agent || _closed)
        {
            return;
        }

        agent.CheckConsent(_consentTimeout);
        if (agent.Nominated is not { } nominated)
        {
            if (agent.NextCheck(out var to) is { } check)
            {
                send(check, to!);
            }
        }
        else if (!IsConnected || _time.GetElapsedTime(_lastConsentCheck) >= ConsentCheckInterval)
        {
            _lastConsentCheck = _time.GetTimestamp();
            send(agent.CreateCheck(nominate: true, nominated), nominated);
        }
    }

    public void Close()
    {
        _closed = true;
        Changed?.Invoke();
    }
}
