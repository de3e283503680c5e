using System.Net;
using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// A minimal full, controlling ICE agent for our own test and load clients talking to a lite
/// peer: it sends Binding requests with USE-CANDIDATE (aggressive nomination) and treats an
/// authenticated success response as a nominated, consented pair. Pacing is the caller's loop.
/// </summary>
public sealed class IceControllingAgent
{
    private const int MaxPending = 16;
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Queue<byte[]> _pending = new();
    private long _lastSuccess;
    private IceState _state = IceState.New;

    public IceControllingAgent(IceCredentials local, IceCredentials remote, uint priority = 0x6E0001FF, TimeProvider? time = null)
    {
        Local = local;
        Remote = remote;
        Priority = priority;
        _time = time ?? TimeProvider.System;
        TieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    }

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

    /// <summary>Encodes a new check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, integrity with the remote password, fingerprint).</summary>
    public byte[] CreateCheck(bool nominate = true)
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

            _pending.Enqueue(request.TransactionId);
        }

        return request.ToArray(new StunSigning(Remote.Key, AddFingerprint: true));
    }

    /// <summary>Handles a response to one of our checks; true when it was an authenticated success.</summary>
    public bool HandleResponse(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var response) || response.Type.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_pending.Any(id => id.AsSpan().SequenceEqual(response.TransactionId)))
            {
                return false;
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
