using System.Collections.Concurrent;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;
using Concentus;

namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>Collects Opus payloads from a peer connection and decodes them in RTP timestamp order.</summary>
internal sealed class ReceivedOpus
{
    private readonly ConcurrentQueue<(ushort Sequence, uint Timestamp, byte[] Payload)> _packets = new();

    public ReceivedOpus(AudioPeerConnection peer) => peer.AudioReceived += OnAudio;

    public int Count => _packets.Count;

    /// <summary>Decodes everything received into 48 kHz mono, each frame placed by its timestamp; returns the 20 ms RMS envelope.</summary>
    public double[] DecodeEnvelope(int skipFrames)
    {
        var unwrapper = new SequenceUnwrapper();
        var ordered = _packets.Select(p => (Index: unwrapper.Unwrap(p.Sequence), p.Timestamp, p.Payload)).OrderBy(p => p.Index).ToList();
        var decoder = OpusCodecFactory.CreateDecoder(ToneBursts.SampleRate, 1);
        var first = ordered[0].Timestamp;
        var last = ordered[^1].Timestamp;
        var pcm = new short[(int)(last - first) + (ToneBursts.SampleRate / 10)];
        var frame = new short[5760];
        foreach (var (_, timestamp, payload) in ordered)
        {
            var decoded = decoder.Decode(payload, frame, frame.Length, false);
            var at = (int)(timestamp - first);
            frame.AsSpan(0, Math.Min(decoded, pcm.Length - at)).CopyTo(pcm.AsSpan(at));
        }

        return Envelopes.Rms(pcm, ToneBursts.FrameSamples)[skipFrames..^5];
    }

    private void OnAudio(in RtpHeader header, ReadOnlySpan<byte> payload) =>
        _packets.Enqueue((header.SequenceNumber, header.Timestamp, payload.ToArray()));
}
