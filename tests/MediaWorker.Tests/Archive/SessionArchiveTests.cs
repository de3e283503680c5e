using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BroadcastOperator.MediaWorker.Archive;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>A session's archive fed as the worker feeds it: the speaker's RTP packets, the pipeline's captions, latencies and frames.</summary>
public sealed partial class SessionArchiveTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"archive-{Guid.NewGuid():N}", "ns", "talk");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(_directory))!, recursive: true);

    [Fact]
    public async Task A_talk_with_a_lost_second_is_archived_on_one_timeline_in_every_language()
    {
        Assert.Null(await OpusTools.EnsureInstalledAsync());
        var archive = NewArchive(TimeSpan.FromSeconds(2));
        using var stop = new CancellationTokenSource();
        var running = archive.RunAsync(stop.Token);

        var tone = Tone(seconds: 3);
        const uint Ssrc = 0x1234;
        var timestamp = 4_294_000_000u; // wraps past 2^32 during the talk
        for (var i = 0; i < tone.Count; i++)
        {
            if (i == 50)
            {
                timestamp += 50 * 960; // one second of packets lost on the way
            }
            archive.OnSpeakerPacket(Ssrc, timestamp, tone[i]);
            timestamp += 960;
        }
        // The pipeline heard 3 s of audio; its second phrase (pipeline time 1.2–2.5 s) is at 2.2–3.5 s on the speaker's timeline.
        archive.OnCaption(new CaptionEvent(new PhraseId(1), "en", "hello world", false, true, Seconds(0.2), Seconds(0.6)));
        archive.OnCaption(new CaptionEvent(new PhraseId(1), "en", "hello world again", true, true, Seconds(0.2), Seconds(0.9)));
        archive.OnCaption(new CaptionEvent(new PhraseId(1), "es", "hola mundo otra vez", true, false, Seconds(0.2), Seconds(0.9)));
        archive.OnLatency(new PhraseLatency(new PhraseId(1), "es", Seconds(0.1), Seconds(0.05), Seconds(0.02), Seconds(0.08), Seconds(0.3), 0, Seconds(0.9)));
        archive.OnCaption(new CaptionEvent(new PhraseId(2), "en", "a <b> & c --> d", true, true, Seconds(1.2), Seconds(2.5)));
        archive.OnCaption(new CaptionEvent(new PhraseId(2), "es", "una frase\nen dos líneas", true, false, Seconds(1.2), Seconds(2.5)));
        var spoken = Tone(seconds: 0.5);
        foreach (var frame in spoken)
        {
            archive.OnTranslatedFrame("es", frame);
        }

        stop.Cancel();
        await running;

        var manifest = ArchiveManifest.TryRead(_directory)!;
        Assert.True(manifest.Complete);
        Assert.Equal(2, manifest.Phrases);
        Assert.Equal(
            ["audio-en.opus", "audio-es.opus", "captions-en.srt", "captions-en.vtt", "captions-es.srt", "captions-es.vtt", "phrases.json", "phrases.jsonl"],
            manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(manifest.Files, f => Assert.Equal(new FileInfo(Path.Combine(_directory, f.Name)).Length, f.Bytes));

        // The speaker's track: 3 s received plus the lost second, as the reference decoder plays it.
        var (_, length) = await OpusTools.InspectAsync(Path.Combine(_directory, "audio-en.opus"));
        Assert.InRange(length.TotalSeconds, 4.0, 4.03);
        Assert.Equal(length.TotalSeconds, manifest.Files.Single(f => f.Name == "audio-en.opus").DurationSeconds!.Value, 2);
        var (_, translated) = await OpusTools.InspectAsync(Path.Combine(_directory, "audio-es.opus"));
        // 25 frames less the pre-skip (0.49 s), plus at most the silence that places them on the timeline and the closing frame.
        Assert.InRange(translated.TotalSeconds, 0.49, 1.0);

        var english = Cues(await File.ReadAllTextAsync(Path.Combine(_directory, "captions-en.vtt")));
        Assert.Equal([("00:00:00.200", "00:00:00.900", "hello world again"), ("00:00:02.200", "00:00:03.500", "a &lt;b&gt; &amp; c --&gt; d")], english);
        var spanish = Cues(await File.ReadAllTextAsync(Path.Combine(_directory, "captions-es.vtt")));
        Assert.Equal(["hola mundo otra vez", "una frase en dos líneas"], spanish.Select(c => c.Text));
        Assert.Equal("00:00:02.200", spanish[1].Start);
        var srt = await File.ReadAllTextAsync(Path.Combine(_directory, "captions-es.srt"));
        Assert.StartsWith("1\n00:00:00,200 --> 00:00:00,900\nhola mundo otra vez\n\n2\n00:00:02,200 --> 00:00:03,500\n", srt, StringComparison.Ordinal);

        using var phrases = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "phrases.json")));
        var first = phrases.RootElement[0];
        Assert.Equal("hello world again", first.GetProperty("source").GetString());
        Assert.Equal("hola mundo otra vez", first.GetProperty("translations").GetProperty("es").GetString());
        Assert.Equal(300, first.GetProperty("latencyMs").GetProperty("es").GetProperty("total").GetDouble());
        Assert.Equal(2.2, phrases.RootElement[1].GetProperty("startSeconds").GetDouble());

        Assert.True(archive.Status.Complete);
        Assert.Equal(manifest.Files.Count, archive.Status.Files!.Count);
    }

    [Fact]
    public async Task While_the_session_runs_the_manifest_and_status_follow_what_is_on_disk()
    {
        var archive = NewArchive(TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();
        var running = archive.RunAsync(stop.Token);
        var tone = Tone(seconds: 2);
        for (var i = 0; i < tone.Count; i++)
        {
            archive.OnSpeakerPacket(7, (uint)(i * 960), tone[i]);
        }

        var manifest = await Eventually.GetAsync(() => Task.FromResult(ArchiveManifest.TryRead(_directory)),
            m => m?.Files.SingleOrDefault(f => f.Name == "audio-en.opus")?.DurationSeconds >= 1.9, "the manifest shows the 2 s recorded so far");
        Assert.False(manifest!.Complete);
        Assert.Null(manifest.EndedAt);
        Assert.False(archive.Status.Complete);
        Assert.False(File.Exists(Path.Combine(_directory, "phrases.json")));

        stop.Cancel();
        await running;
        Assert.True(ArchiveManifest.TryRead(_directory)!.Complete);
    }

    [Fact]
    public async Task When_the_final_flush_fails_the_archive_is_not_reported_complete_and_says_why()
    {
        var archive = NewArchive(TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();
        var running = archive.RunAsync(stop.Token);
        foreach (var frame in Tone(seconds: 0.5))
        {
            archive.OnSpeakerPacket(1, 0, frame);
        }
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(_directory, ArchiveManifest.FileName)), "the archive opened its files");

        // The volume goes away under the worker: its folder is replaced by a file, so nothing new can be written there.
        Directory.Delete(_directory, recursive: true);
        await File.WriteAllTextAsync(_directory, "not a folder");
        stop.Cancel();
        await running;

        Assert.False(archive.Status.Complete);
        Assert.StartsWith("the final flush of the archive failed: ", archive.Status.Error, StringComparison.Ordinal);
        File.Delete(_directory);
    }

    [Fact]
    public async Task A_session_that_ends_well_reports_no_error()
    {
        var archive = NewArchive(TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();
        var running = archive.RunAsync(stop.Token);
        stop.Cancel();
        await running;

        Assert.True(archive.Status.Complete);
        Assert.Null(archive.Status.Error);
        Assert.Null(ArchiveManifest.TryRead(_directory)!.Error);
    }

    [Fact]
    public async Task Transcripts_only_by_default_write_no_audio()
    {
        var archive = new SessionArchive(new ArchiveSettings { Directory = _directory }, "ns", "talk", "en", ["es"], NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = archive.RunAsync(stop.Token);
        foreach (var frame in Tone(seconds: 0.2))
        {
            archive.OnSpeakerPacket(1, 0, frame);
        }
        stop.Cancel();
        await running;
        Assert.Empty(Directory.GetFiles(_directory, "*.opus"));
        Assert.True(File.Exists(Path.Combine(_directory, "captions-es.vtt")));
    }

    private SessionArchive NewArchive(TimeSpan manifestInterval) => new(
        new ArchiveSettings { Directory = _directory, SourceAudio = true, TranslatedAudio = true, RetentionDays = 7, SpeakerId = "alice", ManifestInterval = manifestInterval },
        "ns", "talk", "en", ["es"], NullLogger.Instance);

    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(value);

    /// <summary>The cues of a WebVTT file, checked for its header and for time order.</summary>
    private static List<(string Start, string End, string Text)> Cues(string vtt)
    {
        Assert.StartsWith("WEBVTT\n\n", vtt, StringComparison.Ordinal);
        var cues = CueBlock().Matches(vtt).Select(m => (m.Groups["start"].Value, m.Groups["end"].Value, m.Groups["text"].Value)).ToList();
        var starts = cues.Select(c => TimeSpan.ParseExact(c.Item1, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(starts.Order(), starts);
        return cues;
    }

    [GeneratedRegex(@"\d+\n(?<start>\d\d:\d\d:\d\d\.\d{3}) --> (?<end>\d\d:\d\d:\d\d\.\d{3})\n(?<text>[^\n]+)\n\n")]
    private static partial Regex CueBlock();

    private static List<byte[]> Tone(double seconds)
    {
        var encoder = new OpusFrameEncoder();
        var frame = new short[OpusFrameEncoder.FrameSamples];
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var frames = new List<byte[]>();
        for (var f = 0; f < (int)(seconds * 50); f++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)(6000 * Math.Sin(2 * Math.PI * 330 * (f * frame.Length + i) / 48000.0));
            }
            frames.Add(packet[..encoder.Encode(frame, packet)]);
        }
        return frames;
    }
}
