using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// The listeners of one language and their single outgoing stream: each Opus frame is
/// packetized once (one SSRC, sequence and timestamp for everyone), then only SRTP protection
/// happens per listener, and the protected copies leave in batches of one sendmmsg each. With
/// many listeners a frame is cut into shards sent on several cores at once (one per core at most),
/// so the last listener waits less. A listener whose send fails is simply skipped for that packet;
/// one that closed or failed is dropped, so a vanished peer never holds up the others.
/// </summary>
public sealed class LanguageFanOut : IDisposable
{
    private const int MaxPacket = 1500;
    private const int DefaultMinListenersPerShard = 128; // below this a thread wake-up costs more than it saves
    private readonly object _gate = new();
    private readonly object _shardGate = new();
    private readonly RtpPacketizer _packetizer;
    private readonly byte[] _packet = new byte[MaxPacket];
    private readonly FanOutShard _inline = new();
    private FanOutShardThread[] _helpers = []; // grown only under _shardGate; read without it
    private readonly CountdownEvent _helpersDone = new(0);
    private readonly int _maxShards;
    private readonly int _minListenersPerShard;
    private AudioPeerConnection[] _listeners = [];
    private bool _disposed;

    /// <param name="maxShards">How many cores one frame may use; 0 = all of them.</param>
    /// <param name="minListenersPerShard">Fewer listeners than twice this are sent by the calling thread alone.</param>
    public LanguageFanOut(string language, uint ssrc, int maxShards = 0, int minListenersPerShard = DefaultMinListenersPerShard)
    {
        Language = language;
        Ssrc = ssrc;
        _packetizer = new RtpPacketizer(ssrc, payloadType: 111);
        _maxShards = maxShards > 0 ? maxShards : Environment.ProcessorCount;
        _minListenersPerShard = Math.Max(1, minListenersPerShard);
    }

    public string Language { get; }

    /// <summary>The stream's SSRC; every listener's peer connection announces it in its answer.</summary>
    public uint Ssrc { get; }

    public int Count => Volatile.Read(ref _listeners).Length;

    /// <summary>Raised with the new count after a listener was added or removed (outside the fan-out's lock).</summary>
    public event Action<int>? CountChanged;

    public long PacketsSent => _inline.Sent + Volatile.Read(ref _helpers).Sum(h => h.Shard.Sent);

    public long SendFailures => _inline.Failed + Volatile.Read(ref _helpers).Sum(h => h.Shard.Failed);

    public void Add(AudioPeerConnection peer)
    {
        int count;
        lock (_gate)
        {
            _listeners = [.. _listeners, peer];
            count = _listeners.Length;
        }

        CountChanged?.Invoke(count);
    }

    public bool Remove(AudioPeerConnection peer)
    {
        int before, count;
        lock (_gate)
        {
            before = _listeners.Length;
            _listeners = _listeners.Where(l => l != peer).ToArray();
            count = _listeners.Length;
        }

        if (count != before)
        {
            CountChanged?.Invoke(count);
        }

        return count != before;
    }

    /// <summary>Sends one 20 ms Opus frame to every listener of the language. Called from one thread at a time.</summary>
    public void Send(ReadOnlySpan<byte> opusFrame, int samples = 960, bool marker = false)
    {
        var listeners = Volatile.Read(ref _listeners);
        if (opusFrame.Length > MaxPacket - RtpHeader.FixedLength - 16)
        {
            return;
        }
        // Packetized even with nobody listening, so sequence and timestamp run on like a live stream.
        var length = _packetizer.Packetize(opusFrame, samples, _packet, marker);
        var shards = Math.Clamp(listeners.Length / _minListenersPerShard, 1, _maxShards);
        if (shards == 1)
        {
            _inline.Send(listeners, _packet.AsSpan(0, length));
            return;
        }

        lock (_shardGate)
        {
            if (_disposed)
            {
                _inline.Send(listeners, _packet.AsSpan(0, length)); // a last frame while the worker stops
                return;
            }

            SendSharded(listeners, length, shards);
        }
    }

    public void Dispose()
    {
        lock (_shardGate)
        {
            _disposed = true;
            foreach (var helper in _helpers)
            {
                helper.Dispose();
            }

            _helpersDone.Dispose();
        }
    }

    /// <summary>Helpers send shards 1..n-1 while this thread sends shard 0; returns when every shard has gone.</summary>
    private void SendSharded(AudioPeerConnection[] listeners, int length, int shards)
    {
        while (_helpers.Length < shards - 1)
        {
            Volatile.Write(ref _helpers, [.. _helpers, new FanOutShardThread($"fan-out-{Language}-{_helpers.Length + 1}")]);
        }

        var perShard = (listeners.Length + shards - 1) / shards;
        _helpersDone.Reset(shards - 1);
        for (var i = 1; i < shards; i++)
        {
            var from = Math.Min(i * perShard, listeners.Length);
            _helpers[i - 1].Start(listeners, from..Math.Min(from + perShard, listeners.Length), _packet, length, _helpersDone);
        }

        _inline.Send(listeners.AsSpan(0, perShard), _packet.AsSpan(0, length));
        _helpersDone.Wait();
        for (var i = 1; i < shards; i++)
        {
            _helpers[i - 1].ThrowIfFailed();
        }
    }
}
