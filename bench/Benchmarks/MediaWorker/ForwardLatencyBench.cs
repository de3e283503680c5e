using System.Buffers.Binary;
using System.Diagnostics;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// Speaker → worker → source-language listener, against the same peers' direct path without a worker,
/// measured in the same run and interleaved packet by packet (each 20 ms tick sends one numbered packet on
/// each path), so both see the same machine load. Time is taken just before the speaker's send and when the
/// listener's receive event fires; the worker-added latency is the difference of the two paths' percentiles.
/// </summary>
internal sealed class ForwardLatencyBench
{
    private const int WarmUpPackets = 50;
    private const int MeasuredPackets = 600;
    private const int PayloadBytes = 80; // a 32 kbit/s Opus frame
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly long[] _sentDirect = new long[WarmUpPackets + MeasuredPackets];
    private readonly long[] _sentWorker = new long[WarmUpPackets + MeasuredPackets];
    private readonly long[] _receivedDirect = new long[WarmUpPackets + MeasuredPackets];
    private readonly long[] _receivedWorker = new long[WarmUpPackets + MeasuredPackets];

    public static async Task RunAsync(BenchSpeaker speaker, BenchListener listener, BenchReport report, CancellationToken cancellationToken)
    {
        await using var direct = await DirectPair.ConnectAsync(cancellationToken);
        var bench = new ForwardLatencyBench();
        direct.Receiver.AudioReceived += bench.OnDirectPacket;
        listener.Peer.AudioReceived += bench.OnWorkerPacket;
        try
        {
            await Task.Factory.StartNew(() => bench.Send(speaker, direct.Sender, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var total = bench._sentDirect.Length;
            await Eventually.TrueAsync(
                () => Volatile.Read(ref bench._receivedDirect[total - 1]) != 0 && Volatile.Read(ref bench._receivedWorker[total - 1]) != 0,
                "the last packets arrive", TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            direct.Receiver.AudioReceived -= bench.OnDirectPacket;
            listener.Peer.AudioReceived -= bench.OnWorkerPacket;
        }

        bench.Report(report);
    }

    private void Report(BenchReport report)
    {
        var direct = Latencies(_sentDirect, _receivedDirect);
        var worker = Latencies(_sentWorker, _receivedWorker);
        if (worker.Count == 0 || direct.Count == 0)
        {
            throw new InvalidOperationException($"no packet crossed a path: direct {direct.Count}, worker {worker.Count} of {MeasuredPackets}");
        }

        double P(List<double> samples, double p) => BenchStatistics.Percentile(samples, p);
        report.Note($"worker forward: {MeasuredPackets} packets of {PayloadBytes} B every {Tick.TotalMilliseconds} ms per path; received direct {direct.Count}, through the worker {worker.Count}; load average {BenchStatistics.LoadAverage()}");
        report.Figure("worker_forward_latency_p50_ms", P(worker, 0.50) - P(direct, 0.50), "ms");
        report.Figure("worker_forward_latency_p99_ms", P(worker, 0.99) - P(direct, 0.99), "ms");
        report.Figure("worker_forward_path_p50_ms", P(worker, 0.50), "ms");
        report.Figure("worker_forward_path_p99_ms", P(worker, 0.99), "ms");
        report.Figure("worker_forward_baseline_p50_ms", P(direct, 0.50), "ms");
        report.Figure("worker_forward_baseline_p99_ms", P(direct, 0.99), "ms");
        report.Figure("worker_forward_loss_percent", 100.0 * (MeasuredPackets - worker.Count) / MeasuredPackets, "%");
    }

    /// <summary>Milliseconds from send to receipt of the measured (post warm-up) packets that arrived.</summary>
    private static List<double> Latencies(long[] sent, long[] received) =>
        Enumerable.Range(WarmUpPackets, MeasuredPackets)
            .Where(i => sent[i] != 0 && received[i] != 0)
            .Select(i => Stopwatch.GetElapsedTime(sent[i], received[i]).TotalMilliseconds)
            .ToList();

    private void Send(BenchSpeaker speaker, AudioPeerConnection direct, CancellationToken cancellationToken)
    {
        var payload = new byte[PayloadBytes];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 7);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < _sentDirect.Length && !cancellationToken.IsCancellationRequested; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            _sentDirect[i] = Stopwatch.GetTimestamp();
            direct.SendAudio(payload);
            _sentWorker[i] = Stopwatch.GetTimestamp();
            speaker.Send(payload);
            BenchStatistics.SleepUntil(clock, Tick * (i + 1));
        }
    }

    private void OnDirectPacket(in RtpHeader header, ReadOnlySpan<byte> payload) => Stamp(_receivedDirect, payload);

    private void OnWorkerPacket(in RtpHeader header, ReadOnlySpan<byte> payload) => Stamp(_receivedWorker, payload);

    private static void Stamp(long[] received, ReadOnlySpan<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        if (payload.Length == PayloadBytes && BinaryPrimitives.ReadInt32BigEndian(payload) is var index && index >= 0 && index < received.Length && received[index] == 0)
        {
            Volatile.Write(ref received[index], now);
        }
    }
}
