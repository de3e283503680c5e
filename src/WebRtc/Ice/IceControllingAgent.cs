using System.Net;
using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// A minimal full, controlling ICE agent for our own test and load clients talking to a lite
/// peer: it sends Binding requests with USE-CANDIDATE (aggressive nomination) and treats an
/// authenticated success response as a nominated, consented pair. The remote candidates form an
/// <see cref="IceCheckList"/> (<see cref="AddRemoteCandidate"/>, <see cref="NextCheck"/>): checked in
/// pair-priority order, paced, the first pair to succeed nominated. The caller's loop calls
/// <see cref="NextCheck"/> often (every Ta or more often).
/// </summary>
public sealed class IceControllingAgent
{
    private const int MaxPending = 16;
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Queue<(byte[] Id, IPEndPoint? To)> _pending = new();
    private readonly IceCheckList _checkList;
    private long _lastSuccess;
    private IceState _state = IceState.New;

    public IceControllingAgent(IceCredentials local, IceCredentials remote, uint priority = 0x6E0001FF, TimeProvider? time = null)
    {
        Local = local;
        Remote = remote;
        Priority = priority;
        _time = time ?? TimeProvider.System;
        TieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _checkList = new IceCheckList(priority);
        _created = _time.GetTimestamp();
    }

    private readonly long _created;

    public IceCredentials Local { get; }

    public IceCredentials Remote { get; }

    public uint Priority { get; }

    public ulong TieBreaker { get; }

    /// <summary>Our address as the peer saw it (XOR-MAPPED-ADDRESS of the last success).</summary>
    public IPEndPoint? MappedAddress { get; private set; }

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

    public event Action<IceState>? StateChanged;

    /// <summary>The pair the first authenticated success nominated (null before, or when checks were sent without a destination).</summary>
    public IPEndPoint? Nominated
    {
        get
        {
            lock (_gate)
            {
                return _checkList.Nominated;
            }
        }
    }

    /// <summary>Adds a remote candidate to the check list; false when it was listed already.</summary>
    public bool AddRemoteCandidate(IPEndPoint remote, uint priority)
    {
        lock (_gate)
        {
            return _checkList.Add(remote, priority);
        }
    }

    /// <summary>Whether <paramref name="remote"/> is one of the remote candidates being checked.</summary>
    public bool IsCandidate(IPEndPoint remote)
    {
        lock (_gate)
        {
            return _checkList.Contains(remote);
        }
    }

    /// <summary>The next paced check of the check list and where it goes, or null when none is due.</summary>
    public byte[]? NextCheck(out IPEndPoint? to)
    {
        lock (_gate)
        {
            to = _checkList.NextCheck(_time.GetElapsedTime(_created));
        }

        return to is null ? null : CreateCheck(nominate: true, to);
    }

    /// <summary>
    /// Encodes a new check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, integrity with the remote password,
    /// fingerprint); with <paramref name="to"/>, only a response from there counts (RFC 8445 §7.2.5.2.1).
    /// </summary>
    public byte[] CreateCheck(bool nominate = true, IPEndPoint? to = null)
    {
        var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername(Local.UsernameForCheckTo(Remote.Ufrag))
            .AddPriority(Priority)
            .AddIceControlling(TieBreaker);
        if (nominate)
        {
            request.AddUseCandidate();
        }

        lock (_gate)
        {
            if (_pending.Count == MaxPending)
            {
                _pending.Dequeue();
            }

            _pending.Enqueue((request.TransactionId, to));
        }

        return request.ToArray(new StunSigning(Remote.Key, AddFingerprint: true));
    }

    /// <summary>
    /// Handles a response to one of our checks, received from <paramref name="from"/>; true when it was an
    /// authenticated success from where the check went (then its pair is nominated if none was).
    /// </summary>
    public bool HandleResponse(ReadOnlySpan<byte> datagram, IPEndPoint? from = null)
    {
        if (!StunMessage.TryParse(datagram, out var response) || response.Type.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            return false;
        }

        lock (_gate)
        {
            var sent = _pending.FirstOrDefault(p => p.Id.AsSpan().SequenceEqual(response.TransactionId));
            if (sent.Id is null || (sent.To is not null && !sent.To.Equals(from)))
            {
                return false; // not ours, or not symmetric: the answer must come from where the check went
            }
        }

        if (response.Type.Class != StunClass.SuccessResponse || !response.VerifyAnyIntegrity(Remote.Key)
            || (response.Has(StunAttributeType.Fingerprint) && !response.HasValidFingerprint()))
        {
            return false;
        }

        MappedAddress = response.GetXorMappedAddress();
        Action? raise = null;
        lock (_gate)
        {
            _lastSuccess = _time.GetTimestamp();
            if (from is not null)
            {
                _checkList.OnSucceeded(from);
            }

            if (_state is not (IceState.Completed or IceState.Closed))
            {
                _state = IceState.Completed;
                raise = () => StateChanged?.Invoke(IceState.Completed);
            }
        }

        raise?.Invoke();
        return true;
    }

    /// <summary>Moves to Disconnected when no check succeeded within <paramref name="timeout"/>.</summary>
    public void CheckConsent(TimeSpan timeout)
    {
        Action? raise = null;
        lock (_gate)
        {
            if (_state == IceState.Completed && _time.GetElapsedTime(_lastSuccess) >= timeout)
            {
                _state = IceState.Disconnected;
                raise = () => StateChanged?.Invoke(IceState.Disconnected);
            }
        }

        raise?.Invoke();
    }
}
