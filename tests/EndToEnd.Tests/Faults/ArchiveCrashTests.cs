using System.Globalization;
using System.Text.RegularExpressions;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.Speech.Audio;
using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 17: the worker of an archiving session, a real process as `make run` starts it, is killed with SIGKILL while the
/// speaker talks. What it wrote must still play up to the kill, less at most 5 s: the Ogg Opus file is judged by the
/// reference tools (opusinfo, opusdec: libopusfile and libopus), the caption files must parse. The local runner starts
/// the worker again, which keeps the earlier run's files in run-{started}/ instead of overwriting them.
/// </summary>
[Trait("Category", "Chaos")]
public sealed partial class ArchiveCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Talk = TimeSpan.FromSeconds(12);

    [SkippableFact]
    public async Task A_worker_killed_mid_session_leaves_audio_that_plays_up_to_the_kill_and_captions_that_parse()
    {
        Skip.IfNot(Tool.Exists("kubectl"), "kubectl is not installed (scripts/install-deps.sh installs it)");
        await EnsureOpusToolsAsync();
        await using var system = await FaultSystem.StartAsync("archive-crash");
        try
        {
            await RunAsync(system);
        }
        catch (Exception e) when (e is not SkipException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{system.System.Logs()}", e);
        }
    }

    private async Task RunAsync(FaultSystem system)
    {
        const string Session = "archive-crash";
        await system.ApplySessionAsync(Session, "en", "es", "archive: {audio: [source], transcripts: true}");
        await system.WaitForPhaseAsync(Session, "Active", Within);
        var session = (await system.GetAsync("bcs", Session))!;
        await using var speaker = new ChaosSpeaker(ChaosChannel.Source(session, system.System.StateDirectory), Tone());
        speaker.Start();
        await Eventually.TrueAsync(() => speaker.SentConnected > 0, "the speaker's audio leaves", Within);
        await Eventually.TrueAsync(() => speaker.SentConnected * 0.020 >= Talk.TotalSeconds, $"the speaker talks {Talk.TotalSeconds} s", Within);

        var worker = system.Process("MediaWorker");
        await worker.KillAsync(TimeSpan.FromSeconds(10));
        var talked = speaker.SentConnected * 0.020; // what left before the kill; what follows reaches no one

        var folder = Directory.GetDirectories(Path.Combine(system.System.StateDirectory, "archive"), Session, SearchOption.AllDirectories).Single();
        // The restarted worker moves the killed one's files aside before it starts its own.
        var earlier = await Eventually.GetAsync(() => Task.FromResult(Directory.GetDirectories(folder, "run-*")),
            found => found.Length == 1 && File.Exists(Path.Combine(found[0], "audio-en.opus")), "the killed worker's files kept in run-*", Within);
        var run = earlier[0];

        var info = await Tool.RunAsync("opusinfo", [Path.Combine(run, "audio-en.opus")]);
        var problems = (info.Stdout + info.Stderr).Split('\n').Where(l => l.Contains("WARNING", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)).ToList();
        Assert.True(problems.All(p => p.Contains("EOS not set", StringComparison.Ordinal)), $"opusinfo: {info}"); // cut off: no end-of-stream page
        var played = PlaybackSeconds(info.Stdout);
        Assert.InRange(played, talked - 5, talked + 1);

        var decoded = await DecodeAsync(Path.Combine(run, "audio-en.opus"));
        var decodedSeconds = decoded.Length / 48000.0;
        Assert.InRange(decodedSeconds, talked - 5, talked + 1);
        // The tone is there to the end of what decodes, not silence filling a broken tail.
        var lastSecond = decoded.AsSpan(decoded.Length - 48000);
        var rms = Math.Sqrt(lastSecond.ToArray().Average(s => (double)s * s));
        Assert.True(rms > 1000, $"the last decoded second holds the tone (RMS {rms:0})");

        foreach (var vtt in Directory.GetFiles(run, "captions-*.vtt"))
        {
            AssertWebVtt(await File.ReadAllTextAsync(vtt), vtt);
        }
        foreach (var srt in Directory.GetFiles(run, "captions-*.srt"))
        {
            var text = await File.ReadAllTextAsync(srt);
            Assert.True(text.Length == 0 || SrtCues().Matches(text).Sum(m => m.Length) == text.Length, $"{srt} parses as SRT cues: {text}");
        }
        var manifest = ArchiveManifest.TryRead(run);
        Assert.True(manifest is { Complete: false, EndedAt: null }, "the killed run's manifest reads and says it never ended");
        Assert.Equal(2, Directory.GetFiles(run, "captions-*.vtt").Length);

        FaultReport.Write(output, "archive worker SIGKILL",
            $"talked {talked:0.00} s before the kill; opusinfo plays {played:0.00} s, opusdec decodes {decodedSeconds:0.00} s "
            + $"(lost {talked - decodedSeconds:0.00} s), last second RMS {rms:0}");

        await system.DeleteSessionAsync(Session);
        await Eventually.TrueAsync(async () => await system.GetAsync("bcs", Session) is null, "the session is deleted", Within);
    }

    /// <summary>One second of a 330 Hz tone, encoded with our Opus encoder: real Opus packets the speaker sends in a loop.</summary>
    private static List<byte[]> Tone()
    {
        var encoder = new OpusFrameEncoder();
        var frame = new short[OpusFrameEncoder.FrameSamples];
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var frames = new List<byte[]>();
        for (var f = 0; f < 50; f++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)(8000 * Math.Sin(2 * Math.PI * 330 * (f * frame.Length + i) / 48000.0));
            }
            frames.Add(packet[..encoder.Encode(frame, packet)]);
        }
        return frames;
    }

    private static void AssertWebVtt(string text, string path)
    {
        Assert.StartsWith("WEBVTT\n\n", text, StringComparison.Ordinal);
        var cues = VttCues().Matches(text, 8).ToList();
        Assert.True(8 + cues.Sum(m => m.Length) == text.Length, $"{path} parses as WebVTT cues: {text}");
        var starts = cues.Select(m => TimeSpan.ParseExact(m.Groups["start"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(starts.Order(), starts);
    }

    private static double PlaybackSeconds(string opusinfo)
    {
        var match = PlaybackLength().Match(opusinfo);
        Assert.True(match.Success, $"opusinfo reported no playback length: {opusinfo}");
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        return minutes * 60 + double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<short[]> DecodeAsync(string path)
    {
        var wav = Path.ChangeExtension(path, ".decoded.wav");
        var result = await Tool.RunAsync("opusdec", ["--rate", "48000", "--no-dither", "--force-wav", path, wav]);
        Assert.True(result.ExitCode == 0, $"opusdec: {result}");
        var bytes = await File.ReadAllBytesAsync(wav);
        const int WavHeader = 44;
        var samples = new short[(bytes.Length - WavHeader) / 2];
        Buffer.BlockCopy(bytes, WavHeader, samples, 0, samples.Length * 2);
        return samples;
    }

    /// <summary>opus-tools (Debian): installed here when missing, as scripts/install-deps.sh does.</summary>
    private static async Task EnsureOpusToolsAsync()
    {
        if (Tool.Exists("opusinfo") && Tool.Exists("opusdec"))
        {
            return;
        }
        Skip.IfNot(Environment.UserName == "root", "opus-tools is not installed and the tests do not run as root to install it (scripts/install-deps.sh installs it)");
        var result = await Tool.RunAsync("/bin/sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends opus-tools"],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(Tool.Exists("opusinfo"), $"apt-get could not install opus-tools: {result}");
    }

    [GeneratedRegex(@"\G\d+\n(?<start>\d\d:\d\d:\d\d\.\d{3}) --> (?<end>\d\d:\d\d:\d\d\.\d{3})\n[^\n]+\n\n")]
    private static partial Regex VttCues();

    [GeneratedRegex(@"\G\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n[^\n]+\n\n")]
    private static partial Regex SrtCues();

    /// <summary>opusinfo: "Playback length: 1m:02.5s" or "Playback length: 2.5s".</summary>
    [GeneratedRegex(@"Playback length:\s*(?:(?<m>\d+)m:)?(?<s>[\d.]+)s")]
    private static partial Regex PlaybackLength();
}
