using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using BroadcastOperator.MediaWorker.Archive.Ogg;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>
/// The session's archive as it happens: the speaker's Opus packets as received, each language's synthesized speech, the
/// final captions per language (WebVTT, SRT) and every phrase (JSON), all on one timeline, the speaker's: 48 kHz samples
/// since the first packet the speaker sent. The media and speech threads only queue what they saw; one writer task does
/// the disk work, so a slow disk never holds a packet back from a listener (a full queue drops and counts instead).
/// </summary>
public sealed class SessionArchive
{
    private const int QueueCapacity = 16384;
    private const int SampleRate = OggOpusWriter.SampleRate;

    private readonly ArchiveSettings _settings;
    private readonly string _namespace;
    private readonly string _session;
    private readonly string _sourceLanguage;
    private readonly IReadOnlyList<string> _translatedLanguages;
    private readonly ILogger _logger;
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SpeakerTimeline _timeline = new();
    private readonly List<(long PipelineSamples, long Offset)> _offsets = [(0, 0)];
    private readonly Dictionary<string, OggOpusWriter> _audio = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CaptionFiles> _captions = new(StringComparer.Ordinal);
    private readonly byte[] _silence = SilentFrame();
    private PhraseLog? _phrases;
    private long _timelineStart; // Stopwatch timestamp of the first speaker packet; 0 until then
    private long _pipelineSamples;
    private long _dropped;
    private readonly ArchiveManifest _manifest;
    private volatile ArchiveStatus _status;
    private int _writeFailures;
    private string? _lastWriteError;
    private string? _failure; // set once the archive cannot be completed; status and manifest then say why

    public SessionArchive(ArchiveSettings settings, string ns, string session, string sourceLanguage,
        IReadOnlyList<string> translatedLanguages, ILogger logger)
    {
        _settings = settings;
        _namespace = ns;
        _session = session;
        _sourceLanguage = sourceLanguage;
        _translatedLanguages = translatedLanguages;
        _logger = logger;
        _manifest = new ArchiveManifest
        {
            Namespace = ns,
            Session = session,
            SpeakerId = settings.SpeakerId,
            SourceLanguage = sourceLanguage,
            StartedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            RetentionDays = settings.RetentionDays,
        };
        _status = new ArchiveStatus { Location = settings.Location, Complete = false, Files = [] };
    }

    /// <summary>The latest status.archive, for the worker's status writer.</summary>
    public ArchiveStatus Status => _status;

    /// <summary>Items the queue had no room for (a disk far too slow).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public static string AudioFile(string language) => $"audio-{language}.opus";

    public static string VttFile(string language) => $"captions-{language}.vtt";

    public static string SrtFile(string language) => $"captions-{language}.srt";

    public const string PhraseLinesFile = "phrases.jsonl";
    public const string PhrasesFile = "phrases.json";

    /// <summary>A packet of the speaker (media thread): its bytes are copied, the span is not kept.</summary>
    public void OnSpeakerPacket(uint ssrc, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var at = Stopwatch.GetTimestamp();
        if (_timelineStart == 0)
        {
            Interlocked.CompareExchange(ref _timelineStart, at, 0);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(buffer);
        Post(new SpeakerPacket(ssrc, timestamp, buffer, payload.Length, at), buffer);
    }

    /// <summary>A 20 ms frame of a translated language (frame clock thread), placed at the time it left.</summary>
    public void OnTranslatedFrame(string language, ReadOnlySpan<byte> packet)
    {
        if (!_settings.TranslatedAudio || Interlocked.Read(ref _timelineStart) == 0)
        {
            return; // the timeline begins with the speaker's first packet; frames before it are comfort silence
        }
        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        Post(new TranslatedFrame(language, buffer, packet.Length, Stopwatch.GetTimestamp()), buffer);
    }

    public void OnCaption(CaptionEvent caption)
    {
        if (caption.IsFinal)
        {
            Post(new Caption(caption), null);
        }
    }

    public void OnLatency(PhraseLatency latency) => Post(new Latency(latency), null);

    /// <summary>
    /// Opens the files, writes what the session sends until <paramref name="stoppingToken"/> fires, then writes what is still
    /// queued, ends every stream and writes the final manifest. Returns once the archive is complete.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Open();
        using var timer = new PeriodicTimer(_settings.ManifestInterval);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var read = _queue.Reader.WaitToReadAsync(stoppingToken).AsTask();
                var done = await Task.WhenAny(read, tick).ConfigureAwait(false);
                DrainQueue();
                if (done == tick)
                {
                    if (!tick.IsCompletedSuccessfully)
                    {
                        break;
                    }
                    UpdateManifest(ended: false);
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else if (!read.IsCompletedSuccessfully || !read.Result)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _queue.Writer.TryComplete();
        DrainQueue();
        Complete();
    }

    private void Post(Item item, byte[]? rented)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
            Interlocked.Increment(ref _dropped);
        }
    }

    private void Open()
    {
        Directory.CreateDirectory(_settings.Directory);
        KeepEarlierRun();
        if (_settings.SourceAudio)
        {
            _audio[_sourceLanguage] = CreateAudio(_sourceLanguage, 1);
        }
        if (_settings.TranslatedAudio)
        {
            uint serial = 2;
            foreach (var language in _translatedLanguages)
            {
                _audio[language] = CreateAudio(language, serial++);
            }
        }
        if (_settings.Transcripts)
        {
            foreach (var language in new[] { _sourceLanguage }.Concat(_translatedLanguages))
            {
                _captions[language] = new CaptionFiles(Path.Combine(_settings.Directory, VttFile(language)), Path.Combine(_settings.Directory, SrtFile(language)));
            }
            _phrases = new PhraseLog(Path.Combine(_settings.Directory, PhraseLinesFile));
        }
        UpdateManifest(ended: false);
        ArchiveLog.Opened(_logger, _session, _settings.Directory);
    }

    /// <summary>
    /// A worker started again for the same session (it crashed, and the kubelet or the local runner restarted it) finds the
    /// files of its earlier run: they are moved into run-{started} beside the new ones, not overwritten, so what was
    /// recorded before the crash stays playable. The new manifest covers the new run only.
    /// </summary>
    private void KeepEarlierRun()
    {
        if (ArchiveManifest.TryRead(_settings.Directory) is not { } earlier)
        {
            return;
        }
        var aside = Path.Combine(_settings.Directory,
            $"{EarlierRunPrefix}{earlier.StartedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(aside);
        foreach (var file in Directory.EnumerateFiles(_settings.Directory))
        {
            File.Move(file, Path.Combine(aside, Path.GetFileName(file)), overwrite: true);
        }
        ArchiveLog.EarlierRunKept(_logger, _session, aside);
    }

    /// <summary>The folder name an earlier run's files are moved to starts with this.</summary>
    public const string EarlierRunPrefix = "run-";

    private OggOpusWriter CreateAudio(string language, uint serial)
    {
        var stream = new FileStream(Path.Combine(_settings.Directory, AudioFile(language)), FileMode.Create, FileAccess.Write, FileShare.Read);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TITLE"] = $"{_namespace}/{_session}",
            ["LANGUAGE"] = language,
            ["DATE"] = _manifest.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new OggOpusWriter(stream, serial, "BroadcastOperator MediaWorker", tags);
    }

    private void DrainQueue()
    {
        while (_queue.Reader.TryRead(out var item))
        {
            try
            {
                Write(item);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Part of a page or cue may be missing from here on: the archive can no longer be called complete.
                _writeFailures++;
                _lastWriteError = e.Message;
                ArchiveLog.WriteFailed(_logger, _session, e.Message);
            }
        }
    }

    private void Write(Item item)
    {
        switch (item)
        {
            case SpeakerPacket packet:
                WriteSpeaker(packet);
                ArrayPool<byte>.Shared.Return(packet.Buffer);
                break;
            case TranslatedFrame frame:
                if (_audio.TryGetValue(frame.Language, out var track))
                {
                    // The frame left the clock now; it began 20 ms earlier. Silence fills whatever the clock did not send.
                    track.FillTo(ElapsedSamples(frame.At) - OpusFrameEncoder.FrameSamples, _silence);
                    track.Write(frame.Buffer.AsSpan(0, frame.Length));
                }
                ArrayPool<byte>.Shared.Return(frame.Buffer);
                break;
            case Caption { Event: var caption }:
                WriteCaption(caption);
                break;
            case Latency { Value: var latency }:
                _phrases?.Latency(latency.PhraseId.Value, latency.Language, new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["endpointing"] = Math.Round(latency.Endpointing.TotalMilliseconds, 1),
                    ["asrFinalization"] = Math.Round(latency.AsrFinalization.TotalMilliseconds, 1),
                    ["translation"] = Math.Round(latency.Translation.TotalMilliseconds, 1),
                    ["synthesisFirstChunk"] = Math.Round(latency.SynthesisFirstChunk.TotalMilliseconds, 1),
                    ["total"] = Math.Round(latency.Total.TotalMilliseconds, 1),
                });
                break;
        }
    }

    private void WriteSpeaker(SpeakerPacket packet)
    {
        var payload = packet.Buffer.AsSpan(0, packet.Length);
        var samples = OpusPacketDuration.Samples(payload);
        if (samples == 0)
        {
            return;
        }
        var track = _audio.GetValueOrDefault(_sourceLanguage);
        var written = track?.Samples ?? SpeakerPosition;
        var position = _timeline.Place(packet.Ssrc, packet.Timestamp, written, ElapsedSamples(packet.At));
        if (position is { } start)
        {
            if (start > written + samples / 2)
            {
                // A gap (loss, or the speaker away): the timeline moves on, so captions after it move with it.
                var filled = track is not null ? track.FillTo(start, _silence) * (long)OpusFrameEncoder.FrameSamples : start - written;
                _offsets.Add((_pipelineSamples, _offsets[^1].Offset + filled));
                SpeakerPosition = written + filled;
            }
            track?.Write(payload);
            SpeakerPosition += samples;
        }
        _pipelineSamples += samples; // the speech pipeline decoded this packet whether or not it was late
    }

    /// <summary>Where the speaker's track has reached on the timeline (kept also when the speaker's audio is not archived).</summary>
    private long SpeakerPosition { get; set; }

    private void WriteCaption(CaptionEvent caption)
    {
        var start = ToTimeline(caption.Start);
        var end = ToTimeline(caption.End);
        if (_captions.TryGetValue(caption.Language, out var files))
        {
            files.Add(start, end, caption.Text);
        }
        if (caption.IsSourceLanguage)
        {
            _phrases?.Source(caption.PhraseId.Value, caption.Language, caption.Text, start, end);
        }
        else
        {
            _phrases?.Translation(caption.PhraseId.Value, caption.Language, caption.Text);
        }
    }

    /// <summary>A time of the speech pipeline's stream (decoded samples) on the archive's timeline (which also counts the gaps).</summary>
    private TimeSpan ToTimeline(TimeSpan pipelineTime)
    {
        var samples = (long)(pipelineTime.TotalSeconds * SampleRate);
        var offset = 0L;
        foreach (var (at, value) in _offsets)
        {
            if (at > samples)
            {
                break;
            }
            offset = value;
        }
        return TimeSpan.FromSeconds((samples + offset) / (double)SampleRate);
    }

    private long ElapsedSamples(long at)
    {
        var start = Interlocked.Read(ref _timelineStart);
        return start == 0 ? 0 : (long)(Stopwatch.GetElapsedTime(start, at).TotalSeconds * SampleRate);
    }

    /// <summary>
    /// Ends every stream and writes the final manifest. A failure here, or any write that failed before, leaves the archive
    /// not complete, with the reason in the manifest (where it can still be written) and in status.archive.error.
    /// </summary>
    private void Complete()
    {
        try
        {
            foreach (var track in _audio.Values)
            {
                track.Complete(_silence);
            }
            if (_writeFailures > 0)
            {
                _failure = $"{_writeFailures} archive writes failed (last: {_lastWriteError}); the files miss what those writes held";
            }
            UpdateManifest(ended: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = $"the final flush of the archive failed: {e.Message}";
            TryWriteFailedManifest();
        }
        foreach (var file in _audio.Values.Cast<IDisposable>().Concat(_captions.Values).Append(_phrases).OfType<IDisposable>())
        {
            try
            {
                file.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure ??= $"closing an archive file failed: {e.Message}";
            }
        }
        if (_failure is not null)
        {
            ArchiveLog.Failed(_logger, _session, _failure);
            _status = StatusOf(_manifest.Files, ended: true);
            return;
        }
        ArchiveLog.Completed(_logger, _session, _manifest.Files.Count, Dropped);
    }

    /// <summary>
    /// AWS mode: the final upload went up (status.archive then says complete), or it failed (then it says why). Until one
    /// of these, an ended archive in AWS mode is not reported complete.
    /// </summary>
    public void ReportUploaded(string? failure)
    {
        _failure ??= failure is null ? null : $"the final upload to {_settings.Location} failed: {failure}";
        _uploaded = failure is null;
        _status = StatusOf(_manifest.Files, ended: true);
    }

    private bool _uploaded;

    private void TryWriteFailedManifest()
    {
        try
        {
            _manifest.Complete = false;
            _manifest.Error = _failure;
            _manifest.UpdatedAt = DateTime.UtcNow;
            _manifest.WriteTo(_settings.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself is gone or refuses writes: status.archive.error is then the only report.
        }
    }

    private void UpdateManifest(bool ended)
    {
        var files = new List<ArchiveManifestFile>();
        foreach (var (language, track) in _audio)
        {
            track.FlushPage(); // the manifest never names more than the file holds
            files.Add(new ArchiveManifestFile(AudioFile(language), "audio", language, "audio/ogg; codecs=opus", track.Bytes,
                Math.Round(track.Duration.TotalSeconds, 3)));
        }
        foreach (var (language, captions) in _captions)
        {
            var seconds = Math.Round(captions.End.TotalSeconds, 3);
            files.Add(new ArchiveManifestFile(VttFile(language), "captions", language, "text/vtt", captions.VttBytes, seconds));
            files.Add(new ArchiveManifestFile(SrtFile(language), "captions", language, "application/x-subrip", captions.SrtBytes, seconds));
        }
        if (_phrases is not null)
        {
            files.Add(new ArchiveManifestFile(PhraseLinesFile, "phrases", null, "application/x-ndjson", _phrases.LinesBytes, null));
            if (ended)
            {
                var bytes = _phrases.WriteDocument(Path.Combine(_settings.Directory, PhrasesFile));
                files.Add(new ArchiveManifestFile(PhrasesFile, "phrases", null, "application/json", bytes, null));
            }
        }
        var now = DateTime.UtcNow;
        _manifest.UpdatedAt = now;
        _manifest.Complete = ended && _failure is null;
        _manifest.Error = ended ? _failure : null;
        _manifest.EndedAt = ended ? now : null;
        _manifest.Phrases = _phrases?.Count ?? 0;
        _manifest.Files = files;
        _manifest.WriteTo(_settings.Directory);
        _status = StatusOf(files, ended);
    }

    /// <summary>
    /// status.archive: complete once ended without a failure (and, in AWS mode, uploaded); the failure's reason once one
    /// is known at the end (a write failing mid-session is only reported then, when the worker has stopped trying).
    /// </summary>
    private ArchiveStatus StatusOf(IReadOnlyList<ArchiveManifestFile> files, bool ended) => new()
    {
        Location = _settings.Location,
        Complete = ended && _failure is null && (_settings.S3 is null || _uploaded),
        Error = ended ? _failure : null,
        UpdatedAt = _manifest.UpdatedAt,
        Files = files.Select(f => new ArchiveFileStatus
        {
            Name = f.Name,
            Kind = f.Kind,
            Language = f.Language,
            Bytes = f.Bytes,
            DurationSeconds = f.DurationSeconds,
        }).ToList(),
    };

    /// <summary>20 ms of digital silence, encoded once: what fills the gaps of every track.</summary>
    private static byte[] SilentFrame()
    {
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var length = new OpusFrameEncoder().Encode(new short[OpusFrameEncoder.FrameSamples], packet);
        return packet[..length];
    }

    private abstract record Item;

    private sealed record SpeakerPacket(uint Ssrc, uint Timestamp, byte[] Buffer, int Length, long At) : Item;

    private sealed record TranslatedFrame(string Language, byte[] Buffer, int Length, long At) : Item;

    private sealed record Caption(CaptionEvent Event) : Item;

    private sealed record Latency(PhraseLatency Value) : Item;
}
