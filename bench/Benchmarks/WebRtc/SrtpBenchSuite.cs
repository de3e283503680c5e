using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BroadcastOperator.WebRtc.Srtp;
using Perfolizer.Horology;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// SRTP protect/unprotect cost per 20 ms Opus packet, measured with BenchmarkDotNet in-process
/// (no child build). Prints srtp_protect_ns (target ≤ 1000 ns), srtp_unprotect_ns, their GCM
/// counterparts and the bytes allocated per packet; beside them, in the same run, AES-CM with the
/// managed HMAC fallback and with the IncrementalHash HMAC it replaced (the baseline).
/// </summary>
public sealed class SrtpBenchSuite : IBenchSuite
{
    public string Name => "srtp";

    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        // Many short iterations rather than a few long ones: with two cores shared by other builds,
        // some 5 ms windows still run undisturbed, so the minimum stays meaningful under load.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(10)
            .WithIterationCount(150)
            .WithIterationTime(TimeInterval.FromMilliseconds(5));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "broadcast-bench-srtp"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);

        var summary = BenchmarkRunner.Run<SrtpBenchmarks>(config);
        foreach (var variant in Enum.GetValues<SrtpVariant>())
        {
            var prefix = variant.FigurePrefix();
            var protect = Find(summary, variant, nameof(SrtpBenchmarks.Protect));
            var roundTrip = Find(summary, variant, nameof(SrtpBenchmarks.ProtectThenUnprotect));
            // Medians: a mean over iterations that other load on the machine disturbed can make the difference below negative.
            report.Figure($"{prefix}_protect_ns", protect.MedianNs, "ns");
            report.Figure($"{prefix}_protect_min_ns", protect.MinNs, "ns"); // least disturbed by other load on the machine
            report.Figure($"{prefix}_unprotect_ns", roundTrip.MedianNs - protect.MedianNs, "ns");
            report.Figure($"{prefix}_unprotect_min_ns", roundTrip.MinNs - protect.MinNs, "ns");
            report.Figure($"{prefix}_protect_alloc_bytes", protect.AllocatedBytes, "B");
            report.Figure($"{prefix}_roundtrip_alloc_bytes", roundTrip.AllocatedBytes, "B");
        }

        report.Figure("srtp_session_alloc_bytes", SessionAllocatedBytes(SrtpProfile.AesCm128HmacSha1_80), "B");
        report.Figure("srtp_gcm_session_alloc_bytes", SessionAllocatedBytes(SrtpProfile.AeadAes128Gcm), "B");
        report.Note($"srtp: 12-byte header + {SrtpBenchmarks.PayloadLength}-byte payload; *_ns are medians of 150 iterations, *_min_ns the least disturbed; unprotect = (protect+unprotect) - protect; target srtp_protect_ns <= 1000");
        report.Note($"srtp: HMAC-SHA1 through libcrypto: {LibCryptoSha1.IsAvailable}; srtp_baseline_incremental_hash_* = the IncrementalHash HMAC used before (with today's keystream); srtp_managed_hmac_* = the fallback without libcrypto");
        report.Note("srtp session bytes: managed heap for one listener's SrtpSession (both directions, first packet each way); native cipher contexts not included");
        return Task.CompletedTask;
    }

    /// <summary>Managed bytes one peer's SRTP costs: both contexts plus the per-SSRC state of a first packet.</summary>
    private static long SessionAllocatedBytes(SrtpProfile profile)
    {
        var key = new byte[profile.MasterKeyLength()];
        var salt = new byte[profile.MasterSaltLength()];
        var packet = new byte[12 + SrtpBenchmarks.PayloadLength + profile.RtpOverhead()];
        long Measure()
        {
            packet.AsSpan().Clear();
            packet[0] = 0x80;
            var before = GC.GetAllocatedBytesForCurrentThread();
            using var session = new SrtpSession(SrtpContext.Create(profile, key, salt), SrtpContext.Create(profile, key, salt));
            session.Outbound.ProtectRtp(packet, 12 + SrtpBenchmarks.PayloadLength, out var length);
            session.Inbound.UnprotectRtp(packet.AsSpan(0, length), out _);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(); // first call pays for JIT and static caches
        return Measure();
    }

    private static (double MedianNs, double MinNs, double AllocatedBytes) Find(Summary summary, SrtpVariant variant, string method)
    {
        var benchmarkReport = summary.Reports.Single(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && Equals(r.BenchmarkCase.Parameters[nameof(SrtpBenchmarks.Variant)], variant));
        var statistics = benchmarkReport.ResultStatistics
            ?? throw new InvalidOperationException($"BenchmarkDotNet produced no result for {method} {variant}.");
        var allocated = benchmarkReport.GcStats.GetBytesAllocatedPerOperation(benchmarkReport.BenchmarkCase) ?? 0;
        return (statistics.Median, statistics.Min, allocated);
    }
}
