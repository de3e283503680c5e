using System.Diagnostics;
using System.Net;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// One 20 ms Opus stream fanned out from one UDP port to N loopback listeners of our own client
/// (ICE controlling, DTLS-SRTP, each on its own socket): packetized once per frame, protected and
/// sent per listener, in sendmmsg batches as the worker sends them, against one sendto per listener
/// as the baseline in the same run. Prints how many listeners one core can serve (from the send loop's
/// busy time per 20 ms tick, at the measured loss), send cost and allocation per listener packet, and the
/// managed memory each server-side listener holds. FANOUT_LISTENERS (default 200) and
/// FANOUT_SECONDS (default 5) size the run.
/// </summary>
public sealed class FanOutSuite : IBenchSuite
{
    private const int FrameMs = 20;
    private const int SamplesPerFrame = 960;

    public string Name => "webrtc-fanout";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var listeners = EnvInt("FANOUT_LISTENERS", 200);
        var seconds = EnvInt("FANOUT_SECONDS", 5);
        var heapEmpty = Heap();
        await using var server = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var pairs = await FanOutPairs.ConnectAsync(server, listeners, cancellationToken);
        try
        {
            var ticks = seconds * 1000 / FrameMs;
            // One stream for both runs, as a worker's language has: a second packetizer would restart the sequence at a
            // random point, which the SRTP contexts rightly refuse as a rollover they cannot place.
            var packetizer = new RtpPacketizer(FanOutPairs.StreamSsrc, FanOutPairs.OpusPayloadType);
            // The baseline first, in the same run: one sendto per listener, as the worker sent before sendmmsg batches.
            var perListener = await MeasureAsync(pairs, server, packetizer, batched: false, ticks, cancellationToken);
            var batched = await MeasureAsync(pairs, server, packetizer, batched: true, ticks, cancellationToken);
            report.Note($"{listeners} listeners, {ticks} frames of {FrameMs} ms per run; send loop CPU per tick ({(FanOutThreadCpu.IsThreadCpu ? "thread CPU clock" : "wall clock")}): one sendto per listener {perListener.CpuPerTick * 1000:0.###} ms, sendmmsg batches {batched.CpuPerTick * 1000:0.###} ms; delivered {perListener.Received}/{perListener.Expected} and {batched.Received}/{batched.Expected}; load average {LoadAverage()}");
            report.Figure("listeners_per_core", Math.Floor(listeners * (FrameMs / 1000.0) / batched.CpuPerTick), "listeners");
            report.Figure("listeners_per_core_sendto_baseline", Math.Floor(listeners * (FrameMs / 1000.0) / perListener.CpuPerTick), "listeners");
            report.Figure("fanout_loss_percent", batched.LossPercent, "%");
            report.Figure("fanout_send_us_per_listener", batched.CpuPerTick / listeners * 1e6, "us");
            report.Figure("fanout_send_us_per_listener_sendto_baseline", perListener.CpuPerTick / listeners * 1e6, "us");
            report.Figure("fanout_alloc_bytes_per_packet", batched.AllocatedBytes / (double)batched.Expected, "bytes");

            await pairs.DisposeClientsAsync();
            var heapServerOnly = Heap();
            await pairs.DisposeServersAsync();
            var heapAfter = Heap();
            report.Note($"managed heap: {heapEmpty / 1024} KB empty, {heapServerOnly / 1024} KB with {listeners} server-side listeners, {heapAfter / 1024} KB after");
            report.Figure("listener_memory_kb", (heapServerOnly - heapAfter) / 1024.0 / listeners, "KB");
        }
        finally
        {
            await pairs.DisposeAsync();
        }
    }

    private static async Task<Run> MeasureAsync(FanOutPairs pairs, UdpMux server, RtpPacketizer packetizer, bool batched, int ticks, CancellationToken cancellationToken)
    {
        var before = await pairs.WaitForDeliveryAsync(long.MaxValue, cancellationToken);
        var opus = FanOutOpusFrames.Tone(50);
        var (cpu, allocated) = await Task.Factory.StartNew(() => SendLoop(pairs, server, packetizer, batched, opus, ticks, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var expected = (long)ticks * pairs.Servers.Count;
        var received = await pairs.WaitForDeliveryAsync(before + expected, cancellationToken) - before;
        return new Run(cpu / 1e9 / ticks, expected, received, allocated);
    }

    /// <summary>Every 20 ms: packetize once, then protect and send for every listener; times only the work, not the wait.</summary>
    private static (long CpuNanoseconds, long AllocatedBytes) SendLoop(FanOutPairs pairs, UdpMux server, RtpPacketizer packetizer, bool batched, byte[][] opus, int ticks, CancellationToken cancellationToken)
    {
        var packet = new byte[1500];
        var batch = new DatagramBatch();
        var servers = pairs.Servers;
        var clock = Stopwatch.StartNew();
        long cpu = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var tick = 0; tick < ticks && !cancellationToken.IsCancellationRequested; tick++)
        {
            var cpuStart = FanOutThreadCpu.NowNanoseconds();
            var length = packetizer.Packetize(opus[tick % opus.Length], SamplesPerFrame, packet);
            foreach (var peer in servers)
            {
                if (!batched)
                {
                    peer.SendRtp(packet.AsSpan(0, length));
                    continue;
                }

                peer.AddRtpTo(batch, packet.AsSpan(0, length));
                if (batch.IsFull)
                {
                    server.Send(batch);
                }
            }

            if (batch.Count > 0)
            {
                server.Send(batch);
            }

            cpu += FanOutThreadCpu.NowNanoseconds() - cpuStart;
            var next = TimeSpan.FromMilliseconds((tick + 1) * FrameMs) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                Thread.Sleep(next);
            }
        }

        return (cpu, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    private sealed record Run(double CpuPerTick, long Expected, long Received, long AllocatedBytes)
    {
        public double LossPercent => Expected == 0 ? 0 : 100.0 * (Expected - Received) / Expected;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
