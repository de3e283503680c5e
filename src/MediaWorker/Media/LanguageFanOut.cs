using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// The listeners of one language and their single outgoing stream: each Opus frame is
/// packetized once (one SSRC, sequence and timestamp for everyone), then only SRTP protection
/// happens per listener, and the protected copies leave in batches of one sendmmsg each. A
/// listener whose send fails is simply skipped for that packet; one that closed or failed is
/// dropped, so a vanished peer never holds up the others.
/// </summary>
public sealed class LanguageFanOut
{
    private const int MaxPacket = 1500;
    private const int BatchSize = 64; // listeners per sendmmsg: past a few dozen the call's fixed cost is gone
    private readonly object _gate = new();
    private readonly RtpPacketizer _packetizer;
    private readonly byte[] _packet = new byte[MaxPacket];
    private readonly DatagramBatch _batch = new(BatchSize);
    private AudioPeerConnection[] _listeners = [];

    public LanguageFanOut(string language, uint ssrc)
    {
        Language = language;
        Ssrc = ssrc;
        _packetizer = new RtpPacketizer(ssrc, payloadType: 111);
    }

    public string Language { get; }

    /// <summary>The stream's SSRC; every listener's peer connection announces it in its answer.</summary>
    public uint Ssrc { get; }

    public int Count => Volatile.Read(ref _listeners).Length;

    public long PacketsSent { get; private set; }

    public long SendFailures { get; private set; }

    public void Add(AudioPeerConnection peer)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, peer];
        }
    }

    public bool Remove(AudioPeerConnection peer)
    {
        lock (_gate)
        {
            var before = _listeners.Length;
            _listeners = _listeners.Where(l => l != peer).ToArray();
            return _listeners.Length != before;
        }
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
        var packet = _packet.AsSpan(0, length);
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
                SendFailures++;
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
        PacketsSent += sent;
        SendFailures += count - sent;
    }
}
