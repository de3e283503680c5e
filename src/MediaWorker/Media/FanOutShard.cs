using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// What sending one frame to a contiguous run of a language's listeners needs: its own sendmmsg
/// batch and counters, so shards on different cores share nothing but the read-only packet.
/// </summary>
internal sealed class FanOutShard
{
    private const int BatchSize = 64; // listeners per sendmmsg: past a few dozen the call's fixed cost is gone
    private readonly DatagramBatch _batch = new(BatchSize);
    private long _sent;
    private long _failed;

    public long Sent => Volatile.Read(ref _sent);

    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Protects a copy of <paramref name="packet"/> for each listener and sends them in batches, one port at a time.</summary>
    public void Send(ReadOnlySpan<AudioPeerConnection> listeners, ReadOnlySpan<byte> packet)
    {
        UdpMux? batchPort = null;
        foreach (var listener in listeners)
        {
            if (_batch.Count > 0 && (_batch.IsFull || !ReferenceEquals(listener.Mux, batchPort)))
            {
                SendBatch(batchPort!);
            }

            // Each copy carries the peer's negotiated payload type (Chromium 111, Firefox 109) and SSRC.
            if (listener.AddRtpTo(_batch, packet))
            {
                batchPort = listener.Mux;
            }
            else
            {
                Volatile.Write(ref _failed, _failed + 1);
            }
        }

        if (_batch.Count > 0)
        {
            SendBatch(batchPort!);
        }
    }

    private void SendBatch(UdpMux port)
    {
        var count = _batch.Count;
        var sent = port.Send(_batch);
        Volatile.Write(ref _sent, _sent + sent);
        Volatile.Write(ref _failed, _failed + count - sent);
    }
}
