namespace BroadcastOperator.WebRtc.Mux;

/// <summary>What the mux received and what it dropped and why; read with Interlocked semantics.</summary>
public sealed class MuxCounters
{
    private long _received;
    private long _unknownKind;
    private long _unknownSource;
    private long _unroutableStun;
    private long _peerErrors;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>First byte outside the RFC 7983 ranges we use.</summary>
    public long DroppedUnknownKind => Interlocked.Read(ref _unknownKind);

    /// <summary>DTLS or RTP from an address no peer validated with a STUN check.</summary>
    public long DroppedUnknownSource => Interlocked.Read(ref _unknownSource);

    /// <summary>STUN from an unknown address that is unparsable or names no local ufrag.</summary>
    public long DroppedUnroutableStun => Interlocked.Read(ref _unroutableStun);

    /// <summary>A peer's handler threw; the port keeps serving the others.</summary>
    public long PeerErrors => Interlocked.Read(ref _peerErrors);

    internal void CountPeerError() => Interlocked.Increment(ref _peerErrors);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountUnknownKind() => Interlocked.Increment(ref _unknownKind);

    internal void CountUnknownSource() => Interlocked.Increment(ref _unknownSource);

    internal void CountUnroutableStun() => Interlocked.Increment(ref _unroutableStun);
}
