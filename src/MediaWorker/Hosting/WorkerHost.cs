using System.Diagnostics;
using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Configuration;
using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.MediaWorker.Status;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Speech.Pipeline;
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
    private SpeakerIngest? _ingest;
    private UdpMux? _mux;

    /// <summary>Ready once the media socket is bound and every signaling connection is up.</summary>
    public bool Ready => _mux is not null && _ingest?.SignalingConnected == true && _masters.All(m => m.SignalingConnected);

    /// <summary>Phrases the speech pipeline has recognized so far.</summary>
    public long Phrases => _pipeline?.Phrases ?? 0;

    private SpeechPipeline? _pipeline;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var advertised = await AdvertisedEndPoint.ResolveAsync(settings, stoppingToken);
        await using var mux = UdpMux.Bind(settings.MediaEndPoint, advertised: advertised, receiveMode: MuxReceiveMode.DedicatedThread);
        _mux = mux;
        var certificate = DtlsCertificate.Generate();
        var admission = new ListenerAdmission(settings.MaxListeners);
        _logger.LogInformation("session {Namespace}/{Name}: media on udp {EndPoint}, advertised as {Advertised}", settings.SessionNamespace, settings.SessionName,
            mux.LocalEndPoint, string.Join(", ", mux.HostEndPoints()));
        if (mux.HostEndPoints().All(e => System.Net.IPAddress.IsLoopback(e.Address)))
        {
            // Browsers gather no loopback candidate by default, and Firefox pairs a loopback remote candidate only with a loopback one.
            _logger.LogWarning("session {Namespace}/{Name}: every media candidate is a loopback address, which no browser on another "
                + "address can pair with (Firefox on this machine neither); unset {Variable} to bind every interface", settings.SessionNamespace,
                settings.SessionName, BroadcastOperator.Shared.Worker.WorkerEnvironment.MediaAddress);
        }

        foreach (var channel in settings.LanguageChannels)
        {
            var fanOut = new LanguageFanOut(channel.Language, (uint)Random.Shared.Next(1, int.MaxValue));
            _fanOuts[channel.Language] = fanOut;
            _masters.Add(new LanguageChannelMaster(channel, fanOut, admission, mux, certificate, settings, credentials, metrics,
                loggers.CreateLogger<LanguageChannelMaster>()));
        }

        var translated = settings.TargetLanguages.Where(l => l != settings.SourceLanguage && _fanOuts.ContainsKey(l)).ToList();
        using var http = new HttpClient();
        await using var engineFactory = new SpeechEngineFactory(http);
        var engines = translated.Count > 0 ? SessionEngines.Create(settings, engineFactory) : null;
        // Declared before the pipeline so it is disposed after it: the pipeline does not own its engines.
        await using var recognizer = engines?.Recognizer;
        await using var pipeline = engines is not null
            ? new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = settings.SourceLanguage, TargetLanguages = translated, Voices = settings.Voices }, engines)
            : null;
        _pipeline = pipeline;
        var warmUp = engines is not null ? WarmUpAsync(engines, translated, stoppingToken) : Task.CompletedTask;
        var passthrough = _fanOuts.GetValueOrDefault(settings.SourceLanguage);
        _ingest = new SpeakerIngest(settings, mux, certificate, credentials, OnSpeakerAudio, metrics, loggers.CreateLogger<SpeakerIngest>());

        void OnSpeakerAudio(in RtpHeader header, ReadOnlySpan<byte> payload)
        {
            metrics.SpeakerPacket(payload.Length);
            if (passthrough is not null)
            {
                SendTimed(passthrough, payload, header.Marker);
            }

            pipeline?.PushOpus(payload);
        }

        // How long one frame takes to leave for every listener of a language: what the last listener waits more than the first.
        void SendTimed(LanguageFanOut fanOut, ReadOnlySpan<byte> opus, bool marker = false)
        {
            var started = Stopwatch.GetTimestamp();
            fanOut.Send(opus, marker: marker);
            if (fanOut.Count > 0)
            {
                metrics.FanOutDuration(fanOut.Language, Stopwatch.GetElapsedTime(started));
            }
        }

        var tasks = new List<Task> { _ingest.RunAsync(stoppingToken), ReportStatusAsync(stoppingToken) };
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
            tasks.Add(pipeline.RunFrameClockAsync((language, packet, _) => SendTimed(_fanOuts[language], packet), stoppingToken));
            tasks.Add(PublishCaptionsAsync(pipeline, stoppingToken));
            tasks.Add(RecordLatenciesAsync(pipeline, stoppingToken));
        }
        tasks.Add(warmUp);
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var fanOut in _fanOuts.Values)
            {
                fanOut.Dispose(); // stops its shard threads; a frame still arriving is sent on the caller's thread
            }
        }
        _logger.LogInformation("session {Name}: stopped, listeners said goodbye", settings.SessionName);
    }

    /// <summary>A failed warm-up only costs the first phrase its speed; the worker goes on.</summary>
    private async Task WarmUpAsync(Speech.Pipeline.SpeechEngines engines, IReadOnlyList<string> translated, CancellationToken cancellationToken)
    {
        try
        {
            await SessionEngines.WarmUpAsync(engines, settings, translated, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("session {Name}: translation warm-up failed: {Error}", settings.SessionName, e.Message);
        }
    }

    private async Task PublishCaptionsAsync(SpeechPipeline pipeline, CancellationToken cancellationToken)
    {
        await foreach (var caption in pipeline.Captions.ReadAllAsync(cancellationToken))
        {
            captions.Publish(caption);
        }
    }

    private async Task RecordLatenciesAsync(SpeechPipeline pipeline, CancellationToken cancellationToken)
    {
        await foreach (var latency in pipeline.Latencies.ReadAllAsync(cancellationToken))
        {
            _latencies.Record(latency.Language, latency.Total);
            metrics.PhraseLatency(latency.Language, "asr", latency.AsrFinalization);
            metrics.PhraseLatency(latency.Language, "mt", latency.Translation);
            metrics.PhraseLatency(latency.Language, "tts", latency.SynthesisFirstChunk);
            metrics.PhraseLatency(latency.Language, "total", latency.Total);
        }
    }

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        var writer = new MediaStatusWriter(kubernetes, settings.SessionNamespace, settings.SessionName, _logger);
        using var timer = new PeriodicTimer(settings.StatusInterval);
        do
        {
            var listeners = _fanOuts.ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal);
            foreach (var (language, fanOut) in _fanOuts)
            {
                metrics.ListenerCount(language, fanOut.Count);
                metrics.Sent(language, fanOut.PacketsSent, fanOut.SendFailures);
            }
            var media = new MediaStatus
            {
                Listeners = listeners,
                SpeakerConnected = _ingest?.SpeakerConnected ?? false,
                LatencyMs = _latencies.Summaries(),
            };
            await writer.WriteIfChangedAsync(media, listeners.Values.Sum(), cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
