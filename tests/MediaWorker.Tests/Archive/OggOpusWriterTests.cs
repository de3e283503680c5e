using BroadcastOperator.MediaWorker.Archive.Ogg;
using BroadcastOperator.Speech.Audio;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>Our Ogg Opus files, judged by the reference tools (opusinfo, opusdec), not by our own reader.</summary>
public sealed class OggOpusWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ogg-opus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_stream_of_received_packets_decodes_to_its_length_with_the_reference_decoder()
    {
        Assert.Null(await OpusTools.EnsureInstalledAsync());
        var path = Path.Combine(_directory, "tone.opus");
        var frames = ToneFrames(seconds: 3.0);
        using (var writer = new OggOpusWriter(File.Create(path), 42, "test"))
        {
            foreach (var frame in frames)
            {
                Assert.True(writer.Write(frame));
            }
            writer.Complete(frames[0]);
        }

        var (output, length) = await OpusTools.InspectAsync(path);
        Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("corrupt", output, StringComparison.OrdinalIgnoreCase);
        // 150 frames plus the closing one, less the pre-skip.
        Assert.InRange(length.TotalSeconds, 3.0, 3.03);
        var pcm = await OpusTools.DecodeAsync(path);
        Assert.InRange(pcm.Length, (int)(3.0 * 48000), (int)(3.03 * 48000));
        Assert.True(Rms(pcm.AsSpan(48000, 48000)) > 1000, "the decoded tone is audible");
    }

    [Fact]
    public async Task A_gap_filled_with_silence_keeps_the_timeline()
    {
        Assert.Null(await OpusTools.EnsureInstalledAsync());
        var path = Path.Combine(_directory, "gap.opus");
        var frames = ToneFrames(seconds: 2.0);
        var silence = SilentFrame();
        using (var writer = new OggOpusWriter(File.Create(path), 7, "test"))
        {
            foreach (var frame in frames.Take(50))
            {
                writer.Write(frame);
            }
            Assert.Equal(50, writer.FillTo(2 * 48000, silence)); // one second lost
            foreach (var frame in frames.Skip(50))
            {
                writer.Write(frame);
            }
            writer.Complete(silence);
        }

        var (_, length) = await OpusTools.InspectAsync(path);
        Assert.InRange(length.TotalSeconds, 3.0, 3.03);
        var pcm = await OpusTools.DecodeAsync(path);
        Assert.True(Rms(pcm.AsSpan(48000 + 9600, 28800)) < 50, "the filled second is silent");
        Assert.True(Rms(pcm.AsSpan(2 * 48000 + 9600, 28800)) > 1000, "the tone resumes where its timestamps say");
    }

    [Fact]
    public async Task A_file_still_being_written_plays_up_to_its_last_page_as_after_a_sigkill()
    {
        Assert.Null(await OpusTools.EnsureInstalledAsync());
        var path = Path.Combine(_directory, "killed.opus");
        var frames = ToneFrames(seconds: 10.0);
        var writer = new OggOpusWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), 9, "test");
        try
        {
            foreach (var frame in frames.Take(371)) // 7.42 s, the last 0.42 s not yet on a page
            {
                writer.Write(frame);
            }
            // What a SIGKILL leaves is what the process handed to the operating system: copy it while the writer stays open.
            var copy = Path.Combine(_directory, "killed-copy.opus");
            File.Copy(path, copy);

            var (output, length) = await OpusTools.InspectAsync(copy, cutOff: true);
            Assert.InRange(length.TotalSeconds, 7.42 - 1.0, 7.42); // loses at most a page: one second
            var pcm = await OpusTools.DecodeAsync(copy);
            Assert.InRange(pcm.Length / 48000.0, 7.42 - 1.0, 7.42);
            Assert.Contains("EOS not set", output, StringComparison.Ordinal); // what a kill leaves out, and all it leaves out
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static List<byte[]> ToneFrames(double seconds)
    {
        var encoder = new OpusFrameEncoder();
        var frames = new List<byte[]>();
        var frame = new short[OpusFrameEncoder.FrameSamples];
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var total = (int)(seconds * 50);
        for (var f = 0; f < total; f++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                var t = (f * frame.Length + i) / 48000.0;
                frame[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * t));
            }
            frames.Add(packet[..encoder.Encode(frame, packet)]);
        }
        return frames;
    }

    private static byte[] SilentFrame()
    {
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        return packet[..new OpusFrameEncoder().Encode(new short[OpusFrameEncoder.FrameSamples], packet)];
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }
        return Math.Sqrt(sum / samples.Length);
    }
}
