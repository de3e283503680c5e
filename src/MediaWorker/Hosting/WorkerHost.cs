using System.Diagnostics;
using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Archive;
using BroadcastOperator.MediaWorker.Archive.S3;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.MediaWorker.Status;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Quality;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;
using k8s;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>
/// One live session: the media socket, the speaker's ingest, a fan-out and a signaling master per
/// language, the speech pipeline for the translated languages, captions, and the status it
/// reports. Passthrough listeners get the speaker's Opus payloads as they arrive (no transcoding).
/// </summary>
public sealed class WorkerHost(
    WorkerSettings settings, IAwsCredentialsSource credentials, IKubernetes kubernetes, CaptionHub captions,
    WorkerMetrics metrics, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<WorkerHost>();
    private readonly LatencyTracker _latencies = new();
    private readonly Dictionary<string, LanguageFanOut> _fanOuts = new(StringComparer.Ordinal);
    private readonly List<LanguageChannelMaster> _masters = [];
    private readonly SequenceGapCounter _speakerSequence = new();
    private readonly SpeakerPresence _speaker = new(settings.SpeakerGracePeriod);
    private UdpMux? _mux;
    private SpeakerIngest? _ingest;
    private LanguageFanOut? _passthrough;
    private SpeechPipeline? _pipeline;
    private SpeakerPlayout? _playout; // the jitter buffer between the speaker's packets and the decoder
    private SessionArchive? _archive;
    private MediaStatusWriter? _statusWriter;

    /// <summary>Ready once the media socket is bound and every signaling connection is up.</summary>
    public bool Ready => _mux is not null && _ingest?.SignalingConnected == true && _masters.All(m => m.SignalingConnected);

    /// <summary>Phrases the speech pipeline has recognized so far.</summary>
    public long Phrases => _pipeline?.Phrases ?? 0;

    /// <summary>Builds the session's parts, then runs them until stopped. Disposed in the reverse order: the media socket last.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var mux = await BindMediaAsync(stoppingToken);
        _mux = mux;
        var certificate = DtlsCertificate.Generate();
        AddLanguages(mux, certificate);
        using var http = new HttpClient();
        await using var engineFactory = new SpeechEngineFactory(http);
        await using var speech = await TranslatedSpeech.CreateAsync(settings, TranslatedLanguages(), engineFactory);
        _pipeline = speech?.Pipeline;
        using var playout = _pipeline is not null ? new SpeakerPlayout(_pipeline) : null;
        _playout = playout;
        var warmUp = speech is not null ? WarmUpAsync(speech, stoppingToken) : Task.CompletedTask;
        _passthrough = _fanOuts.GetValueOrDefault(settings.SourceLanguage);
        _archive = settings.Archive is { } archive
            ? new SessionArchive(archive, settings.SessionNamespace, settings.SessionName, settings.SourceLanguage, TranslatedLanguages(),
                loggers.CreateLogger<SessionArchive>())
            : null;
        _ingest = new SpeakerIngest(settings, mux, certificate, credentials, OnSpeakerAudio, metrics, loggers.CreateLogger<SpeakerIngest>());
        try
        {
            await RunAsync(_ingest, speech?.Pipeline, warmUp, stoppingToken);
        }
        finally
        {
            foreach (var fanOut in _fanOuts.Values)
            {
                fanOut.Dispose(); // stops its shard threads; a frame still arriving is sent on the caller's thread
            }
        }
        await ReportFinalArchiveAsync();
        WorkerLog.SessionStopped(_logger, settings.SessionName);
    }

    private async Task<UdpMux> BindMediaAsync(CancellationToken cancellationToken)
    {
        var advertised = await AdvertisedEndPoint.ResolveAsync(settings, cancellationToken);
        var mux = UdpMux.Bind(settings.MediaEndPoint, advertised: advertised, receiveMode: MuxReceiveMode.DedicatedThread);
        var candidates = mux.HostEndPoints();
        WorkerLog.MediaBound(_logger, settings.SessionNamespace, settings.SessionName, mux.LocalEndPoint, candidates);
        if (candidates.All(e => IPAddress.IsLoopback(e.Address)))
        {
            // Browsers gather no loopback candidate by default, and Firefox pairs a loopback remote candidate only with a loopback one.
            WorkerLog.LoopbackCandidatesOnly(_logger, settings.SessionNamespace, settings.SessionName, WorkerEnvironment.MediaAddress);
        }
        return mux;
    }

    /// <summary>A fan-out and a signaling master for every language a listener can pick, the source language first.</summary>
    private void AddLanguages(UdpMux mux, DtlsCertificate certificate)
    {
        var admission = new ListenerAdmission(settings.MaxListeners); // one count across all languages
        foreach (var channel in settings.LanguageChannels)
        {
            var fanOut = new LanguageFanOut(channel.Language, (uint)Random.Shared.Next(1, int.MaxValue));
            _fanOuts[channel.Language] = fanOut;
            _masters.Add(new LanguageChannelMaster(channel, fanOut, admission, mux, certificate, settings, credentials, metrics,
                loggers.CreateLogger<LanguageChannelMaster>()));
        }
    }

    /// <summary>The target languages that have a channel; the source language is forwarded, never translated.</summary>
    private List<string> TranslatedLanguages() =>
        settings.TargetLanguages.Where(l => l != settings.SourceLanguage && _fanOuts.ContainsKey(l)).ToList();

    private async Task RunAsync(SpeakerIngest ingest, SpeechPipeline? pipeline, Task warmUp, CancellationToken stoppingToken)
    {
        var tasks = new List<Task> { ingest.RunAsync(stoppingToken), ReportStatusAsync(stoppingToken) };
        if (_archive is not null)
        {
            tasks.Add(ArchiveAsync(_archive, stoppingToken));
        }
        tasks.AddRange(_masters.Select(m => m.RunAsync(stoppingToken)));
        if (pipeline is not null)
        {
            foreach (var (language, output) in pipeline.Outputs)
            {
                // Comfort silence only for an audience: the frame clock sleeps while a language has nobody and nothing to say.
                _fanOuts[language].CountChanged += count => output.Listeners = count;
                output.Listeners = _fanOuts[language].Count;
            }

            pipeline.Start();
            tasks.Add(pipeline.RunFrameClockAsync((language, packet, _) =>
            {
                SendTimed(_fanOuts[language], packet);
                _archive?.OnTranslatedFrame(language, packet);
            }, stoppingToken));
            tasks.Add(PublishCaptionsAsync(pipeline, stoppingToken));
            tasks.Add(RecordLatenciesAsync(pipeline, stoppingToken));
            tasks.Add(ReportAudioQualityAsync(pipeline, stoppingToken));
        }
        tasks.Add(warmUp);
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The archive's writer (and in AWS mode its S3 upload) until stop; then status.archive says complete or why not.</summary>
    private Task ArchiveAsync(SessionArchive archive, CancellationToken stoppingToken) =>
        ArchiveRunner.RunAsync(archive, settings.Archive!, s3 => ArchiveS3Client.Create(s3), loggers.CreateLogger<S3ArchiveUploader>(), stoppingToken);

    /// <summary>The speaker's packets: forwarded as they are to source-language listeners, and through the jitter buffer into the speech pipeline.</summary>
    private void OnSpeakerAudio(in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        metrics.SpeakerPacket(payload.Length);
        _speaker.OnPacket();
        _pipeline?.CountPackets(1, _speakerSequence.Observe(header.SequenceNumber));
        if (_passthrough is not null)
        {
            SendTimed(_passthrough, payload, header.Marker);
        }

        _playout?.OnPacket(header, payload);
        _archive?.OnSpeakerPacket(header.Ssrc, header.Timestamp, payload);
    }

    /// <summary>How long one frame takes to leave for every listener of a language: what the last listener waits more than the first.</summary>
    private void SendTimed(LanguageFanOut fanOut, ReadOnlySpan<byte> opus, bool marker = false)
    {
        var started = Stopwatch.GetTimestamp();
        fanOut.Send(opus, marker: marker);
        if (fanOut.Count > 0)
        {
            metrics.FanOutDuration(fanOut.Language, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A failed warm-up only costs the first phrase its speed; the worker goes on.</summary>
    private async Task WarmUpAsync(TranslatedSpeech speech, CancellationToken cancellationToken)
    {
        try
        {
            await SessionEngines.WarmUpAsync(speech.Engines, settings, speech.Languages, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WorkerLog.WarmUpFailed(_logger, settings.SessionName, e.Message);
        }
    }

    private async Task PublishCaptionsAsync(SpeechPipeline pipeline, CancellationToken cancellationToken)
    {
        await foreach (var caption in pipeline.Captions.ReadAllAsync(cancellationToken))
        {
            captions.Publish(caption);
            _archive?.OnCaption(caption);
        }
    }

    private async Task RecordLatenciesAsync(SpeechPipeline pipeline, CancellationToken cancellationToken)
    {
        await foreach (var latency in pipeline.Latencies.ReadAllAsync(cancellationToken))
        {
            _latencies.Record(latency.Language, latency.Total);
            _archive?.OnLatency(latency);
            metrics.PhraseLatency(latency.Language, "asr", latency.AsrFinalization);
            metrics.PhraseLatency(latency.Language, "mt", latency.Translation);
            metrics.PhraseLatency(latency.Language, "tts", latency.SynthesisFirstChunk);
            metrics.PhraseLatency(latency.Language, "total", latency.Total);
        }
    }

    /// <summary>
    /// The speaker's audio quality, three ways: metrics every window, a hint on the captions stream and the
    /// AudioQuality condition when the verdict changes. The condition is checked again every
    /// <see cref="AudioQualityRecheckWindows"/> windows (written only if it differs), so one lost to a concurrent
    /// operator write comes back.
    /// </summary>
    private async Task ReportAudioQualityAsync(SpeechPipeline pipeline, CancellationToken cancellationToken)
    {
        var writer = new AudioQualityConditionWriter(kubernetes, settings.SessionNamespace, settings.SessionName, _logger);
        var windowsSinceWrite = 0;
        var pending = true;
        await foreach (var report in pipeline.Quality.ReadAllAsync(cancellationToken))
        {
            metrics.SpeakerAudio(report);
            if (report.Changed || captions.Hint is null)
            {
                var verdict = report.Verdict;
                captions.PublishHint(new AudioQualityHint(verdict.IsGood, verdict.Reason.ToString(), verdict.Hint, verdict.Message));
                WorkerLog.AudioQuality(_logger, verdict.Reason, verdict.Message);
                pending = true;
            }
            if (pending || ++windowsSinceWrite >= AudioQualityRecheckWindows)
            {
                pending = !await writer.WriteAsync(report.Verdict, DateTime.UtcNow, cancellationToken);
                windowsSinceWrite = 0;
            }
        }
    }

    private const int AudioQualityRecheckWindows = 15;

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        var writer = _statusWriter = new MediaStatusWriter(kubernetes, settings.SessionNamespace, settings.SessionName, _logger);
        using var timer = new PeriodicTimer(settings.StatusInterval);
        do
        {
            var listeners = _masters.ToDictionary(m => m.Language, m => m.ListeningCount, StringComparer.Ordinal);
            foreach (var (language, fanOut) in _fanOuts)
            {
                metrics.ListenerCount(language, fanOut.Count);
                metrics.Sent(language, fanOut.PacketsSent, fanOut.SendFailures);
            }
            if (_playout is { } playout)
            {
                metrics.SpeakerPlayout(playout.Figures);
            }
            var media = new MediaStatus
            {
                Listeners = listeners,
                SpeakerConnected = _speaker.Held || (_ingest?.SpeakerConnected == true && _speaker.State != SpeakerState.Gone),
                LatencyMs = _latencies.Summaries(),
            };
            EndPhraseIfSpeakerGone();
            await writer.WriteIfChangedAsync(media, listeners.Values.Sum(), _archive?.Status, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    /// <summary>
    /// Past the grace period the speaker is gone: what it was saying is closed as a phrase (and translated), by the
    /// silence its absence is. Within the grace period nothing is done, so a speaker back in time continues the phrase.
    /// </summary>
    private void EndPhraseIfSpeakerGone()
    {
        if (_speaker.Check())
        {
            WorkerLog.SpeakerGone(_logger, settings.SpeakerGracePeriod.TotalSeconds);
            _pipeline?.PushPcm16k(new short[16_000]); // 1 s of silence at 16 kHz: more than the segmenter's hangover
        }
    }

    /// <summary>
    /// status.archive says complete once the archive's files are ended: what the operator waits for before it lets the
    /// session go. A few seconds at most; the host's shutdown timeout bounds it too.
    /// </summary>
    private async Task ReportFinalArchiveAsync()
    {
        if (_archive is null || _statusWriter is null)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var media = new MediaStatus { Listeners = _fanOuts.Keys.ToDictionary(l => l, _ => 0, StringComparer.Ordinal), SpeakerConnected = false, LatencyMs = _latencies.Summaries() };
        await _statusWriter.WriteIfChangedAsync(media, 0, _archive.Status, timeout.Token);
    }
}
