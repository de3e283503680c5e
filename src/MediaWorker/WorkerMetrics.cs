using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.Speech.Quality;
using Prometheus;

namespace BroadcastOperator.MediaWorker;

/// <summary>The worker's Prometheus metrics: listeners, packets, bytes, losses, per-stage latency.</summary>
public sealed class WorkerMetrics
{
    private static readonly Gauge Listeners = Prometheus.Metrics.CreateGauge("broadcast_worker_listeners", "Connected listeners.", "language");
    private static readonly Counter PacketsOut = Prometheus.Metrics.CreateCounter("broadcast_worker_packets_sent_total", "RTP packets sent to listeners.", "language");
    private static readonly Counter SendFailures = Prometheus.Metrics.CreateCounter("broadcast_worker_send_failures_total", "Packets a listener could not be sent.", "language");
    private static readonly Counter PacketsIn = Prometheus.Metrics.CreateCounter("broadcast_worker_speaker_packets_total", "RTP packets received from the speaker.");
    private static readonly Counter BytesIn = Prometheus.Metrics.CreateCounter("broadcast_worker_speaker_bytes_total", "Opus payload bytes received from the speaker.");
    private static readonly Counter Offers = Prometheus.Metrics.CreateCounter("broadcast_worker_offers_total", "Listener offers by outcome.", "language", "outcome");
    private static readonly Counter SignalingRefusalsTotal = Prometheus.Metrics.CreateCounter("broadcast_worker_signaling_refusals_total",
        "Answers (or other messages) the signaling service refused with a STATUS_RESPONSE, by its error type.", "language", "reason");
    private static readonly Counter SignalingRetriesTotal = Prometheus.Metrics.CreateCounter("broadcast_worker_signaling_retries_total",
        "Messages sent again to signaling: after a retryable refusal, or on a new connection while the viewer still waited.", "language");
    private static readonly Counter SignalingGivenUpTotal = Prometheus.Metrics.CreateCounter("broadcast_worker_signaling_given_up_total",
        "Messages given up: refused for good, or still refused when the offer's lifetime ran out (the viewer is dropped).", "language");
    private static readonly Counter SpeakerStates = Prometheus.Metrics.CreateCounter("broadcast_worker_speaker_state_changes_total", "Speaker connection state changes.", "state");
    private static readonly Histogram StageLatency = Prometheus.Metrics.CreateHistogram("broadcast_worker_phrase_latency_seconds",
        "End of a phrase to first translated audio, by stage.", new HistogramConfiguration
        {
            LabelNames = ["language", "stage"],
            Buckets = Histogram.ExponentialBuckets(0.025, 1.6, 14),
        });

    private static readonly Histogram FanOut = Prometheus.Metrics.CreateHistogram("broadcast_worker_fanout_seconds",
        "Time for one frame to be protected and handed to the kernel for every listener of a language (the last listener's extra delay).",
        new HistogramConfiguration
        {
            LabelNames = ["language"],
            Buckets = Histogram.ExponentialBuckets(0.0001, 1.5, 20), // 0.1 ms to 0.2 s
        });

    private static readonly Gauge SpeakerLevel = Prometheus.Metrics.CreateGauge("broadcast_worker_speaker_level_dbfs",
        "The speaker's audio over the last analysis window, in dBFS: rms, peak, speech (RMS of the frames with speech), noise_floor.", "measure");
    private static readonly Gauge SpeakerSnr = Prometheus.Metrics.CreateGauge("broadcast_worker_speaker_snr_db",
        "The speaker's speech above the noise floor over the last window (NaN without speech or noise).");
    private static readonly Gauge SpeakerRatios = Prometheus.Metrics.CreateGauge("broadcast_worker_speaker_audio_ratio",
        "Shares of the last window: clipped samples (clipping), lost packets (dropouts), frames with speech (speech); and the DC offset (dc_offset, full scale 1).", "measure");
    private static readonly Gauge SpeakerQuality = Prometheus.Metrics.CreateGauge("broadcast_worker_speaker_audio_quality",
        "1 for the standing verdict about the speaker's audio (the AudioQuality condition's reason), 0 for the others.", "reason");
    private static readonly Counter SpeakerProblems = Prometheus.Metrics.CreateCounter("broadcast_worker_speaker_audio_problems_total",
        "Times a problem with the speaker's audio was raised, by reason.", "reason");

    /// <summary>The figures of one window of the speaker's audio, and the verdict standing after it.</summary>
    private static readonly Counter SpeakerFrames = Prometheus.Metrics.CreateCounter("broadcast_worker_speaker_frames_total",
        "The speaker's 20 ms frames as the jitter buffer handed them to the decoder (played, fec, concealed) or dropped them (skipped, late, duplicate).", "outcome");
    private static readonly Gauge SpeakerJitter = Prometheus.Metrics.CreateGauge("broadcast_worker_speaker_jitter_ms",
        "The speaker's uplink: RFC 3550 interarrival jitter (measure=jitter) and the jitter buffer's target depth (measure=depth).", "measure");

    /// <summary>The speaker's jitter buffer so far (counters move to its totals).</summary>
    public void SpeakerPlayout(SpeakerPlayoutFigures figures)
    {
        SpeakerFrames.WithLabels("played").IncTo(figures.Played);
        SpeakerFrames.WithLabels("fec").IncTo(figures.FecRecovered);
        SpeakerFrames.WithLabels("concealed").IncTo(figures.Concealed);
        SpeakerFrames.WithLabels("skipped").IncTo(figures.Skipped);
        SpeakerFrames.WithLabels("late").IncTo(figures.Late);
        SpeakerFrames.WithLabels("duplicate").IncTo(figures.Duplicates);
        SpeakerJitter.WithLabels("jitter").Set(figures.Jitter.TotalMilliseconds);
        SpeakerJitter.WithLabels("depth").Set(figures.TargetDepth.TotalMilliseconds);
    }

    public void SpeakerAudio(AudioQualityReport report)
    {
        var w = report.Window;
        SpeakerLevel.WithLabels("rms").Set(w.RmsDbfs);
        SpeakerLevel.WithLabels("peak").Set(w.PeakDbfs);
        SpeakerLevel.WithLabels("speech").Set(w.SpeechDbfs ?? double.NaN);
        SpeakerLevel.WithLabels("noise_floor").Set(w.NoiseFloorDbfs ?? double.NaN);
        SpeakerSnr.Set(w.SnrDb ?? double.NaN);
        SpeakerRatios.WithLabels("clipping").Set(w.ClippingRatio);
        SpeakerRatios.WithLabels("dropouts").Set(w.DropoutRatio);
        SpeakerRatios.WithLabels("speech").Set(w.SpeechRatio);
        SpeakerRatios.WithLabels("dc_offset").Set(w.DcOffset);
        foreach (var reason in Enum.GetValues<AudioQualityReason>())
        {
            SpeakerQuality.WithLabels(reason.ToString()).Set(reason == report.Verdict.Reason ? 1 : 0);
        }
        if (report.Changed && !report.Verdict.IsGood)
        {
            SpeakerProblems.WithLabels(report.Verdict.Reason.ToString()).Inc();
        }
    }

    public void ListenerCount(string language, int count) => Listeners.WithLabels(language).Set(count);

    public void Sent(string language, long packets, long failures)
    {
        PacketsOut.WithLabels(language).IncTo(packets);
        SendFailures.WithLabels(language).IncTo(failures);
    }

    public void SpeakerPacket(int bytes)
    {
        PacketsIn.Inc();
        BytesIn.Inc(bytes);
    }

    public void OfferAnswered(string language) => Offers.WithLabels(language, "answered").Inc();

    public void OfferRejected(string language, string reason) => Offers.WithLabels(language, reason).Inc();

    public void SignalingRefused(string language, string reason) => SignalingRefusalsTotal.WithLabels(language, reason).Inc();

    public void SignalingRetried(string language) => SignalingRetriesTotal.WithLabels(language).Inc();

    public void SignalingGivenUp(string language) => SignalingGivenUpTotal.WithLabels(language).Inc();

    public void SpeakerState(string state) => SpeakerStates.WithLabels(state).Inc();

    public void FanOutDuration(string language, TimeSpan duration) => FanOut.WithLabels(language).Observe(duration.TotalSeconds);

    public void PhraseLatency(string language, string stage, TimeSpan duration) => StageLatency.WithLabels(language, stage).Observe(duration.TotalSeconds);
}
