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

    void SetRemote(string ufrag, string password, IPEndPoint? candidate);

    /// <summary>An ICE restart: new local credentials, the remote's new ones (see <see cref="IceRestart"/>).</summary>
    void Restart(string ufrag, string password);

    /// <summary>True from an ICE restart until the remote's first valid check with the new credentials.</summary>
    bool IsRestarting { get; }

    /// <summary>A trickled candidate; only a controlling agent needs one (a lite agent learns addresses from checks).</summary>
    bool AddRemoteCandidate(IPEndPoint candidate);

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

    public void SetRemote(string ufrag, string password, IPEndPoint? candidate) => _agent.RemoteUfrag = ufrag;

    public void Restart(string ufrag, string password) => _agent.Restart(IceCredentials.Generate(), ufrag);

    public bool IsRestarting => _agent.IsRestarting;

    public bool AddRemoteCandidate(IPEndPoint candidate) => false;

    public void Close() => _agent.Close();
}

internal sealed class ControllingPeerIce : IPeerIce
{
    private readonly TimeSpan _consentTimeout;
    private readonly TimeProvider _time;
    private IceControllingAgent? _agent;
    private IPEndPoint? _remote;
    private long _lastCheck;
    private bool _closed;

    public ControllingPeerIce(TimeSpan consentTimeout, TimeProvider time)
    {
        _consentTimeout = consentTimeout;
        _time = time;
    }

    public event Action? Changed;

    public IceCredentials Local { get; } = IceCredentials.Generate();

    public IPEndPoint? Selected => IsConnected ? _remote : null;

    public bool IsConnected => _agent?.State == IceState.Completed && !_closed;

    public bool IsValidated(IPEndPoint remote) => IsConnected && remote.Equals(_remote);

    public bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote, Action<byte[], IPEndPoint> send) =>
        _agent is not null && remote.Equals(_remote) && message.Type.Class == StunClass.SuccessResponse
        && _agent.HandleResponse(datagram);

    public void SetRemote(string ufrag, string password, IPEndPoint? candidate)
    {
        _remote = candidate;
        _agent = new IceControllingAgent(Local, new IceCredentials(ufrag, password), time: _time);
        _agent.StateChanged += _ => Changed?.Invoke();
    }

    /// <summary>Our own controlling client never restarts ICE: it starts a new connection instead.</summary>
    public void Restart(string ufrag, string password) =>
        throw new NotSupportedException("The controlling client does not take part in ICE restarts; make a new connection.");

    public bool IsRestarting => false;

    /// <summary>Takes the first trickled candidate when the SDP had none; this minimal agent checks one pair only.</summary>
    public bool AddRemoteCandidate(IPEndPoint candidate)
    {
        if (_remote is not null)
        {
            return false;
        }

        _remote = candidate;
        return true;
    }

    /// <summary>Checks at every tick until connected, then about every 2.5 s to keep consent (RFC 7675 §5.1).</summary>
    public void Tick(Action<byte[], IPEndPoint> send)
    {
        if (_agent is null || _remote is null || _closed)
        {
            return;
        }

        _agent.CheckConsent(_consentTimeout);
        if (!IsConnected || _time.GetElapsedTime(_lastCheck) >= TimeSpan.FromSeconds(2.5))
        {
            _lastCheck = _time.GetTimestamp();
            send(_agent.CreateCheck(), _remote);
        }
    }

    public void Close()
    {
        _closed = true;
        Changed?.Invoke();
    }
}
