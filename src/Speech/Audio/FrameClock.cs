using System.Diagnostics;

namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Paces every language's output at one packet per 20 ms against an absolute schedule (no drift from timer
/// jitter): each tick encodes one frame per language, speech when queued, comfort silence otherwise.
/// When the process stalls it catches up with a burst rather than skipping frames.
/// </summary>
public static class FrameClock
{
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(IReadOnlyList<LanguageOutput> outputs, OpusFrameHandler onFrame, CancellationToken cancellationToken)
    {
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var started = Stopwatch.GetTimestamp();
        long frames = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
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
                var length = output.EncodeNextFrame(packet, out var isSpeech);
                onFrame(output.Language, packet.AsSpan(0, length), isSpeech);
            }

            frames++;
        }
    }
}
