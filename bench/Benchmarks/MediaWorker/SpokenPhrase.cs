using System.Diagnostics;
using System.Globalization;
using BroadcastOperator.Speech.Audio;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// An English phrase spoken by espeak-ng, as 48 kHz mono 20 ms frames (a short lead-in of silence first),
/// and where its speech ends: the last frame with any audible sample. That frame's send time is the
/// phrase's end of speech for the latency measured at the listener.
/// </summary>
internal sealed record SpokenPhrase(string Text, IReadOnlyList<short[]> Frames, int LastSpeechFrame)
{
    /// <summary>Peak level below which a frame counts as silence (about -50 dBFS).</summary>
    public const int SilencePeak = 100;

    public static bool Available => File.Exists("/usr/bin/espeak-ng") && File.Exists("/usr/bin/sox");

    public static async Task<SpokenPhrase> SpeakAsync(string text, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("worker-bench-speech-").FullName;
        try
        {
            var wav = Path.Combine(directory, "spoken.wav");
            var raw = Path.Combine(directory, "spoken.raw");
            await RunAsync(cancellationToken, "espeak-ng", "-v", "en-us", "-w", wav, text);
            await RunAsync(cancellationToken, "sox", wav, "-r", "48000", "-c", "1", "-b", "16", "-e", "signed-integer", raw, "pad", "0.3", "0");
            var bytes = await File.ReadAllBytesAsync(raw, cancellationToken);
            var frames = new List<short[]>();
            for (var offset = 0; offset + (OpusFrameEncoder.FrameSamples * 2) <= bytes.Length; offset += OpusFrameEncoder.FrameSamples * 2)
            {
                var frame = new short[OpusFrameEncoder.FrameSamples];
                Buffer.BlockCopy(bytes, offset, frame, 0, OpusFrameEncoder.FrameSamples * 2);
                frames.Add(frame);
            }

            var last = frames.FindLastIndex(f => Peak(f) > SilencePeak);
            if (last < 0)
            {
                throw new InvalidOperationException($"espeak-ng produced no audible speech for \"{text}\"");
            }

            return new SpokenPhrase(text, frames, last);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static int Peak(ReadOnlySpan<short> samples)
    {
        var peak = 0;
        foreach (var sample in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)sample));
        }

        return peak;
    }

    private static async Task RunAsync(CancellationToken cancellationToken, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var message = await error;
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{command} exited with {process.ExitCode}: {message}"));
        }
    }
}
