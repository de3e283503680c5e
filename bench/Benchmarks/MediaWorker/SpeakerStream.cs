using System.Collections.Concurrent;
using System.Diagnostics;
using BroadcastOperator.Speech.Audio;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The speaker's microphone in real time: one thread encodes and sends a 20 ms Opus frame on an absolute
/// schedule, the next queued phrase frame or silence when none is queued, as a browser keeps sending while
/// the speaker pauses. A phrase's end-of-speech frame reports the moment it was handed to the peer.
/// </summary>
internal sealed class SpeakerStream : IDisposable
{
    private static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);
    private readonly BenchSpeaker _speaker;
    private readonly ConcurrentQueue<(short[] Pcm, TaskCompletionSource<long>? OnSent)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public SpeakerStream(BenchSpeaker speaker)
    {
        _speaker = speaker;
        _thread = new Thread(Run) { IsBackground = true, Name = "bench speaker" };
        _thread.Start();
    }

    /// <summary>Queues a phrase; the task completes with the Stopwatch timestamp its end-of-speech frame was sent at.</summary>
    public Task<long> Say(SpokenPhrase phrase)
    {
        var endOfSpeech = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < phrase.Frames.Count; i++)
        {
            _queue.Enqueue((phrase.Frames[i], i == phrase.LastSpeechFrame ? endOfSpeech : null));
        }

        return endOfSpeech.Task;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        var encoder = new OpusFrameEncoder();
        var silence = new short[OpusFrameEncoder.FrameSamples];
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var clock = Stopwatch.StartNew();
        for (long frame = 0; !_stop.IsCancellationRequested; frame++)
        {
            var next = _queue.TryDequeue(out var queued) ? queued : (silence, null);
            var length = encoder.Encode(next.Pcm, packet);
            var sentAt = Stopwatch.GetTimestamp();
            _speaker.Send(packet.AsSpan(0, length));
            next.OnSent?.TrySetResult(sentAt);
            BenchStatistics.SleepUntil(clock, FrameDuration * (frame + 1));
        }
    }
}
