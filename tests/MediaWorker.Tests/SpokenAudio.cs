using System.Diagnostics;
using BroadcastOperator.Speech.Audio;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>An English phrase spoken by espeak-ng, as 20 ms Opus frames a browser would send.</summary>
public static class SpokenAudio
{
    public static bool Available => File.Exists("/usr/bin/espeak-ng") && File.Exists("/usr/bin/sox");

    /// <param name="gain">Applied to the samples before encoding, clipped at full scale: 8 makes a clipping microphone.</param>
    public static async Task<IReadOnlyList<byte[]>> OpusFramesAsync(string text, TimeSpan silenceAfter, double gain = 1)
    {
        var directory = Directory.CreateTempSubdirectory("spoken-").FullName;
        try
        {
            var spoken = Path.Combine(directory, "spoken.wav");
            var raw = Path.Combine(directory, "spoken.raw");
            await RunAsync("espeak-ng", "-v", "en-us", "-w", spoken, text);
            await RunAsync("sox", spoken, "-r", "48000", "-c", "1", "-b", "16", "-e", "signed-integer", raw, "pad", "0.3",
                silenceAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var bytes = await File.ReadAllBytesAsync(raw);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            for (var i = 0; i < samples.Length && gain != 1; i++)
            {
                samples[i] = (short)Math.Clamp(samples[i] * gain, short.MinValue, short.MaxValue);
            }

            var encoder = new OpusFrameEncoder();
            var frames = new List<byte[]>();
            var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
            for (var offset = 0; offset + OpusFrameEncoder.FrameSamples <= samples.Length; offset += OpusFrameEncoder.FrameSamples)
            {
                var length = encoder.Encode(samples.AsSpan(offset, OpusFrameEncoder.FrameSamples), packet);
                frames.Add(packet[..length]);
            }
            return frames;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed: {error}");
        }
    }
}
