using BroadcastOperator.Speech.Audio;
using BroadcastOperator.TestSupport;

namespace BroadcastOperator.Speech.Tests.Audio;

public class FrameClockTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_language_nobody_hears_and_nothing_queued_sends_nothing()
    {
        var output = new LanguageOutput("es", TimeSpan.FromSeconds(5));
        var frames = 0;
        using var stop = new CancellationTokenSource();

        var clock = FrameClock.RunAsync([output], (_, _, _) => Interlocked.Increment(ref frames), stop.Token);
        // Absence is the claim, so time must pass: 15 frames' worth, which a ticking clock would have filled.
        await Task.Delay(15 * FrameClock.FrameDuration);
        await stop.CancelAsync();
        await clock.WaitAsync(Within);

        Assert.Equal(0, frames);
    }

    [Fact]
    public async Task Queued_speech_wakes_the_sleeping_clock_at_once_and_it_sleeps_again_when_played()
    {
        var output = new LanguageOutput("es", TimeSpan.FromSeconds(5));
        var speech = new List<(bool IsSpeech, long At)>();
        var firstFrame = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var clock = FrameClock.RunAsync([output], (_, _, isSpeech) =>
        {
            lock (speech)
            {
                speech.Add((isSpeech, System.Diagnostics.Stopwatch.GetTimestamp()));
            }

            firstFrame.TrySetResult();
        }, stop.Token);
        // RunAsync returns at its first await, and with nothing due that await is the sleep: the clock is asleep now.
        Assert.False(clock.IsCompleted);

        var queuedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        output.Queue.Append(Enumerable.Repeat((short)3000, 4 * OpusFrameEncoder.FrameSamples).ToArray(), OpusFrameEncoder.SampleRate);
        await firstFrame.Task.WaitAsync(Within);
        await Eventually.TrueAsync(() => { lock (speech) { return speech.Count >= 4; } }, "the 4 queued frames played", Within);
        await stop.CancelAsync();
        await clock.WaitAsync(Within);

        lock (speech)
        {
            Assert.Equal(4, speech.Count);
            Assert.All(speech, frame => Assert.True(frame.IsSpeech));
            Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(queuedAt, speech[0].At), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task A_listener_arriving_gets_comfort_silence_every_20_ms_until_it_leaves()
    {
        var output = new LanguageOutput("es", TimeSpan.FromSeconds(5));
        var frames = 0;
        var lengths = new HashSet<int>();
        using var stop = new CancellationTokenSource();
        var clock = FrameClock.RunAsync([output], (_, packet, isSpeech) =>
        {
            Assert.False(isSpeech);
            lock (lengths)
            {
                lengths.Add(packet.Length);
            }

            Interlocked.Increment(ref frames);
        }, stop.Token);

        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        output.Listeners = 1;
        await Eventually.TrueAsync(() => Volatile.Read(ref frames) >= 10, "10 frames of comfort silence", Within);
        output.Listeners = 0;
        var afterLeaving = Volatile.Read(ref frames);
        var framesDue = (int)(System.Diagnostics.Stopwatch.GetElapsedTime(arrived) / FrameClock.FrameDuration) + 1;
        // Absence is the claim, so time must pass: 10 frames' worth, which a clock still ticking would have filled.
        await Task.Delay(10 * FrameClock.FrameDuration);
        await stop.CancelAsync();
        await clock.WaitAsync(Within);

        Assert.InRange(afterLeaving, 10, framesDue); // one frame per 20 ms while listened to, never ahead of the schedule
        Assert.InRange(frames - afterLeaving, 0, 1); // at most the frame already under way
        Assert.All(lengths, length => Assert.InRange(length, 1, OpusFrameEncoder.MaxPacketBytes));
    }
}
