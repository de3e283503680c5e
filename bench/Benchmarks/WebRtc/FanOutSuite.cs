using System.Diagnostics;
using System.Net;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// One 20 ms Opus stream fanned out from one UDP port to N loopback listeners of our own client
/// (ICE controlling, DTLS-SRTP, each on its own socket): packetized once per frame, protected and
/// sent per listener. Prints how many listeners one core can serve (from the send loop's busy time
/// per 20 ms tick, at the measured loss), send cost and allocation per listener packet, and the
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
            var opus = FanOutOpusFrames.Tone(50);
            var ticks = seconds * 1000 / FrameMs;
            var run = await Task.Factory.StartNew(() => SendLoop(pairs, opus, ticks, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var expected = (long)ticks * listeners;
            var received = await pairs.WaitForDeliveryAsync(expected, cancellationToken);
            var lossPercent = 100.0 * (expected - received) / expected;
            var cpuPerTick = run.CpuNanoseconds / 1e9 / ticks;
            var wallPerTick = run.WallTicks / (double)ticks / Stopwatch.Frequency;
            var perListenerUs = cpuPerTick / listeners * 1e6;

            report.Note($"{listeners} listeners, {ticks} frames of {FrameMs} ms; {received}/{expected} packets delivered; send loop per tick: {cpuPerTick * 1000:0.###} ms CPU ({(FanOutThreadCpu.IsThreadCpu ? "thread CPU clock" : "wall clock")}), {wallPerTick * 1000:0.###} ms wall; load average {LoadAverage()}");
            report.Figure("listeners_per_core", Math.Floor(listeners * (FrameMs / 1000.0) / cpuPerTick), "listeners");
            report.Figure("fanout_loss_percent", lossPercent, "%");
            report.Figure("fanout_send_us_per_listener", perListenerUs, "us");
            report.Figure("fanout_alloc_bytes_per_packet", run.AllocatedBytes / (double)expected, "bytes");

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

    /// <summary>Every 20 ms: packetize once, then protect and send for every listener; times only the work, not the wait.</summary>
    private static (long CpuNanoseconds, long WallTicks, long AllocatedBytes) SendLoop(FanOutPairs pairs, byte[][] opus, int ticks, CancellationToken cancellationToken)
    {
        var packetizer = new RtpPacketizer(FanOutPairs.StreamSsrc, FanOutPairs.OpusPayloadType);
        var packet = new byte[1500];
        var servers = pairs.Servers;
        var clock = Stopwatch.StartNew();
        long cpu = 0, wall = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var tick = 0; tick < ticks && !cancellationToken.IsCancellationRequested; tick++)
        {
            var start = Stopwatch.GetTimestamp();
            var cpuStart = FanOutThreadCpu.NowNanoseconds();
            var length = packetizer.Packetize(opus[tick % opus.Length], SamplesPerFrame, packet);
            foreach (var peer in servers)
            {
                peer.SendRtp(packet.AsSpan(0, length));
            }

            cpu += FanOutThreadCpu.NowNanoseconds() - cpuStart;
            wall += Stopwatch.GetTimestamp() - start;
            var next = TimeSpan.FromMilliseconds((tick + 1) * FrameMs) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                Thread.Sleep(next);
            }
        }

        return (cpu, wall, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
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
