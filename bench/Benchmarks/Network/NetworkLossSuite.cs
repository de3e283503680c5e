using BroadcastOperator.TestSupport.NetLab;

namespace BroadcastOperator.Benchmarks.Network;

/// <summary>
/// Issue 14's listener-side figures: one sender (our worker's peer) and one listener (our client) through the
/// network lab's impairing relay, per condition (0, 5, 10 % random loss, 10 % bursty loss; 40 ms jitter throughout)
/// and per protection (plain Opus as the baseline, Opus FEC, RED, NACK, all three), every protection of a condition
/// in the same run under the same seeded loss. Prints the share of 20 ms frames the listener had to conceal (not
/// played from a packet that came within the 150 ms playout delay, nor rebuilt by FEC) and the correlation of the
/// decoded loudness envelope with the source's. NETWORK_SECONDS (default 10) sizes each run. First, the speaker's
/// uplink (<see cref="SpeakerUplinkSpeechRun"/>: speech through the worker's ingest, clean and at 5 % loss);
/// NETWORK_SPEAKER_ONLY=1 runs that alone.
/// </summary>
public sealed class NetworkLossSuite : IBenchSuite
{
    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(40);

    public string Name => "network";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("NETWORK_SECONDS"), out var s) && s > 0 ? s : 10;
        var frames = seconds * 50;
        (string Name, Impairment Loss)[] conditions =
        [
            ("loss0", new Impairment { Jitter = Jitter, Seed = 14 }),
            ("loss5", new Impairment { LossPercent = 5, Jitter = Jitter, Seed = 14 }),
            ("loss10", new Impairment { LossPercent = 10, Jitter = Jitter, Seed = 14 }),
            ("loss10_bursty", new Impairment { Bursts = GilbertElliott.ForLoss(10, meanBurst: 3), Jitter = Jitter, Seed = 14 }),
        ];
        Protection[] protections = [Protection.None, Protection.FecOnly, Protection.RedOnly, Protection.NackOnly, Protection.All];
        report.Note($"{frames} frames of 20 ms per run, playout delay {LossProtectionRun.PlayoutDelay.TotalMilliseconds} ms, the uplink (NACKs, ICE) impaired alike with another seed; plain is the baseline");
        await SpeakerUplinkAsync(report, cancellationToken);
        if (Environment.GetEnvironmentVariable("NETWORK_SPEAKER_ONLY") == "1")
        {
            return; // the speaker's uplink alone, for tuning the ingest
        }

        foreach (var (name, loss) in conditions)
        {
            // The protections of one condition run side by side: the same seeded schedule, the same machine load.
            var results = await Task.WhenAll(protections.Select(p =>
                LossProtectionRun.RunAsync(loss, loss with { Seed = 41 }, p, frames, cancellationToken: cancellationToken)));
            for (var i = 0; i < protections.Length; i++)
            {
                var result = results[i];
                report.Note($"{name} {protections[i].Name}: {result}");
                report.Figure($"network_{name}_{protections[i].Name}_concealed_percent", result.ConcealedPercent, "%");
                report.Figure($"network_{name}_{protections[i].Name}_correlation", result.Correlation, "r");
            }
        }
    }

    /// <summary>
    /// The speaker's uplink: the librivox speech through the worker's ingest, clean and then at 5 % random loss (no
    /// NACK: Chromium takes none for audio), one after the other so neither run starves the other's recognizer.
    /// </summary>
    private static async Task SpeakerUplinkAsync(BenchReport report, CancellationToken cancellationToken)
    {
        if (SpeakerUplinkSpeechRun.TryCreate(out var why) is not { } run)
        {
            report.Note($"network speaker uplink: skipped ({why})");
            return;
        }

        report.Note(FormattableString.Invariant($"network speaker uplink: {run.Duration.TotalSeconds:0} s of librivox speech per run, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        var clean = await run.RunAsync(new Impairment { Seed = 14 }, cancellationToken);
        var lossy = await run.RunAsync(new Impairment { LossPercent = 5, Seed = 14 }, cancellationToken);
        report.Note($"network speaker clean: {clean}");
        report.Note($"network speaker loss5: {lossy}");
        report.Figure("network_speaker_clean_wer_percent", clean.WerPercent, "%");
        report.Figure("network_speaker_loss5_wer_percent", lossy.WerPercent, "%");
        report.Figure("network_speaker_clean_latency_p50_ms", clean.LatencyP50Ms, "ms");
        report.Figure("network_speaker_loss5_latency_p50_ms", lossy.LatencyP50Ms, "ms");
        report.Figure("network_speaker_loss5_wer_delta_points", lossy.WerPercent - clean.WerPercent, "points");
        report.Figure("network_speaker_loss5_latency_delta_ms", lossy.LatencyP50Ms - clean.LatencyP50Ms, "ms");
        var frames = Math.Max(1, lossy.Playout.Played + lossy.Playout.FecRecovered + lossy.Playout.Concealed);
        report.Figure("network_speaker_loss5_fec_percent", 100.0 * lossy.Playout.FecRecovered / frames, "%");
        report.Figure("network_speaker_loss5_concealed_percent", 100.0 * lossy.Playout.Concealed / frames, "%");
        report.Figure("network_speaker_loss5_late_packets", lossy.Playout.Late, "packets");
        report.Figure("network_speaker_loss5_jitter_ms", lossy.Playout.Jitter.TotalMilliseconds, "ms");
        report.Figure("network_speaker_loss5_buffer_depth_ms", lossy.Playout.TargetDepth.TotalMilliseconds, "ms");
        report.Figure("network_speaker_clean_buffer_depth_ms", clean.Playout.TargetDepth.TotalMilliseconds, "ms");
    }
}
