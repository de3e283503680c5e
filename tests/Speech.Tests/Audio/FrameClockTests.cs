using BroadcastOperator.Speech.Audio;

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
        await Task.Delay(TimeSpan.FromMilliseconds(300));
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
        await Task.Delay(TimeSpan.FromMilliseconds(200)); // asleep by now

        var queuedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        output.Queue.Append(Enumerable.Repeat((short)3000, 4 * OpusFrameEncoder.FrameSamples).ToArray(), OpusFrameEncoder.SampleRate);
        await firstFrame.Task.WaitAsync(Within);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // 4 frames are 80 ms: played and asleep again
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

        output.Listeners = 1;
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        output.Listeners = 0;
        var afterLeaving = Volatile.Read(ref frames);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();
        await clock.WaitAsync(Within);

        Assert.InRange(afterLeaving, 10, 25); // 400 ms at one frame per 20 ms, with a loaded machine's slack
        Assert.InRange(frames - afterLeaving, 0, 1); // at most the frame already under way
        Assert.All(lengths, length => Assert.InRange(length, 1, OpusFrameEncoder.MaxPacketBytes));
    }
}
