using System.Diagnostics;

namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Paces every language's output at one packet per 20 ms against an absolute schedule (no drift from timer
/// jitter): each tick encodes one frame per due language (<see cref="LanguageOutput.IsDue"/>), speech when queued,
/// comfort silence otherwise. When no language is due (nothing queued, nobody listening) the clock sleeps until
/// speech is queued or a listener arrives, and starts a fresh schedule then: an idle session costs no wake-ups.
/// When the process stalls it catches up with a burst rather than skipping frames.
/// </summary>
public static class FrameClock
{
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(IReadOnlyList<LanguageOutput> outputs, OpusFrameHandler onFrame, CancellationToken cancellationToken)
    {
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        using var wake = new SemaphoreSlim(0, 1);
        void OnChanged()
        {
            try
            {
                wake.Release();
            }
            catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
            {
                // already signalled, or the clock has stopped
            }
        }

        foreach (var output in outputs)
        {
            output.Changed += OnChanged;
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            long frames = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!AnyDue(outputs))
                {
                    try
                    {
                        await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    // The quiet time is no debt to catch up: the first frame leaves now.
                    started = Stopwatch.GetTimestamp();
                    frames = 0;
                    continue;
                }

                var due = TimeSpan.FromTicks(FrameDuration.Ticks * frames);
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                foreach (var output in outputs)
                {
                    if (output.IsDue)
                    {
                        var length = output.EncodeNextFrame(packet, out var isSpeech);
                        onFrame(output.Language, packet.AsSpan(0, length), isSpeech);
                    }
                }

                frames++;
            }
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Changed -= OnChanged;
            }
        }
    }

    private static bool AnyDue(IReadOnlyList<LanguageOutput> outputs)
    {
        foreach (var output in outputs)
        {
            if (output.IsDue)
            {
                return true;
            }
        }

        return false;
    }
}
