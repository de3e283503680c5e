using BroadcastOperator.Speech.Audio;
using BroadcastOperator.WebRtc.Playout;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>What the speaker's jitter buffer did so far.</summary>
public readonly record struct SpeakerPlayoutFigures(
    long Played, long FecRecovered, long Concealed, long Skipped, long Late, long Duplicates, TimeSpan Jitter, TimeSpan TargetDepth);

/// <summary>
/// The speaker's uplink on its way to recognition: packets from the receive thread go into a <see cref="JitterBuffer"/>
/// (reordering, adaptive wait for a missing frame), and each frame leaves for the decoder in order, as its packet (at
/// once when it is next), rebuilt from the next packet's Opus FEC, or concealed, so recognition hears a continuous
/// voice rather than a gap. A one-shot timer set to the missing frame's give-up time drains it when no packet comes to
/// do so. Source-language listeners are not behind this buffer: their packets are forwarded as they come, and their
/// own browsers buffer.
/// </summary>
public sealed class SpeakerPlayout : IDisposable
{
    private readonly object _gate = new();
    private readonly IOpusFrameSink _sink;
    private readonly TimeProvider _time;
    private readonly JitterBuffer _buffer;
    private readonly ITimer _timer;
    private readonly long _origin;
    private uint? _ssrc;
    private bool _disposed;

    public SpeakerPlayout(IOpusFrameSink sink, TimeProvider? time = null, JitterBufferOptions? options = null)
    {
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _buffer = new JitterBuffer(options);
        _origin = _time.GetTimestamp();
        _timer = _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public SpeakerPlayoutFigures Figures
    {
        get
        {
            lock (_gate)
            {
                return new SpeakerPlayoutFigures(_buffer.Played, _buffer.FecRecovered, _buffer.Concealed, _buffer.Skipped, _buffer.Late,
                    _buffer.Duplicates, _buffer.Jitter, _buffer.TargetDepth);
            }
        }
    }

    /// <summary>One of the speaker's packets, on the receive thread; a new SSRC (another speaker peer) starts over.</summary>
    public void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_ssrc != header.Ssrc)
            {
                _ssrc = header.Ssrc;
                _buffer.Reset();
            }

            var now = Now;
            _buffer.Insert(header.SequenceNumber, header.Timestamp, payload, now);
            DrainAndSchedule(now);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    private void OnTimer()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                DrainAndSchedule(Now);
            }
        }
    }

    private void DrainAndSchedule(TimeSpan now)
    {
        while (_buffer.TryPop(now, out var frame))
        {
            _ = frame.Kind switch
            {
                PlayoutKind.Packet => _sink.PushOpus(frame.Payload),
                PlayoutKind.Fec => _sink.PushOpusFec(frame.Payload, frame.Samples),
                _ => _sink.PushConcealed(frame.Samples),
            };
        }

        // Wake when a missing frame is to be given up (at least 1 ms on), or not at all while the buffer waits for packets.
        var due = _buffer.NextDeadline is { } deadline ? deadline - now : Timeout.InfiniteTimeSpan;
        _timer.Change(due == Timeout.InfiniteTimeSpan ? due : TimeSpan.FromMilliseconds(Math.Max(1, due.TotalMilliseconds)), Timeout.InfiniteTimeSpan);
    }
}
