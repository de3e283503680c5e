using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// The listeners of one language and their single outgoing stream: each Opus frame is
/// packetized once (one SSRC, sequence and timestamp for everyone), then only SRTP protection
/// happens per listener. A listener whose send fails is simply skipped for that packet; one
/// that closed or failed is dropped, so a vanished peer never holds up the others.
/// </summary>
public sealed class LanguageFanOut
{
    private const int MaxPacket = 1500;
    private readonly object _gate = new();
    private readonly RtpPacketizer _packetizer;
    private readonly byte[] _packet = new byte[MaxPacket];
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
        foreach (var listener in listeners)
        {
            // SendRtp stamps each copy with the peer's negotiated payload type (Chromium 111, Firefox 109) and SSRC.
            if (listener.SendRtp(_packet.AsSpan(0, length)))
            {
                PacketsSent++;
            }
            else
            {
                SendFailures++;
            }
        }
    }
}
