using BroadcastOperator.Speech.Engines.Local;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The MediaWorker as a whole, its real binary in its own process, against the real embedded Kubernetes API
/// and signaling service, with our own WebRTC peers as speaker and listeners:
/// a passthrough worker for the forwarding latency (against a direct peer-to-peer baseline in the same run)
/// and for listeners per core and memory per listener; then a translating worker (embedded engines, es and ca)
/// for end of phrase → first translated audio.
/// </summary>
public sealed class WorkerBenchSuite : IBenchSuite
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string[] Targets = ["es", "ca"];

    public string Name => "worker";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        report.Note($"worker: load average {BenchStatistics.LoadAverage()} on {Environment.ProcessorCount} cores; the worker runs as its own process");
        await using var world = await WorkerWorld.StartAsync();
        var phase = System.Diagnostics.Stopwatch.StartNew();
        await RunPassthroughAsync(world, report, cancellationToken);
        report.Note($"worker: passthrough worker (forwarding, listener load) took {phase.Elapsed.TotalSeconds:0} s");
        phase.Restart();
        await RunTranslatingAsync(world, report, cancellationToken);
        report.Note($"worker: translating worker took {phase.Elapsed.TotalSeconds:0} s");
    }

    private static async Task RunPassthroughAsync(WorkerWorld world, BenchReport report, CancellationToken cancellationToken)
    {
        var session = await world.NewSessionAsync("en", ["es"], maxListeners: 100_000, translate: false);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await using var speaker = await ConnectSpeakerAsync(session, worker, cancellationToken);
        await using (var listener = new BenchListener(session.Channel("en"), "latency-listener"))
        {
            await listener.JoinAsync(Within, cancellationToken);
            await ForwardLatencyBench.RunAsync(speaker, listener, report, cancellationToken);
        }

        await ListenerLoadBench.RunAsync(worker, session, speaker, report, cancellationToken);
    }

    private static async Task RunTranslatingAsync(WorkerWorld world, BenchReport report, CancellationToken cancellationToken)
    {
        var catalog = EngineCatalog.DiscoverInstalled();
        if (!SpokenPhrase.Available || !Targets.All(t => catalog.Serves("en", t)))
        {
            report.Note($"worker translate: skipped (espeak-ng, sox or apertium pairs missing; served: {catalog.DescribeServedPairs()})");
            return;
        }

        var session = await world.NewSessionAsync("en", Targets, maxListeners: 100, translate: true);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await using var speaker = await ConnectSpeakerAsync(session, worker, cancellationToken);
        var listeners = Targets.Select(t => new BenchListener(session.Channel(t), $"listener-{t}")).ToList();
        try
        {
            var detectors = Targets.Zip(listeners, (language, listener) => new TranslatedAudioDetector(listener, language)).ToList();
            await Task.WhenAll(listeners.Select(l => l.JoinAsync(Within, cancellationToken)));
            await TranslationLatencyBench.RunAsync(world, session, speaker, detectors, report, cancellationToken);
        }
        finally
        {
            await Task.WhenAll(listeners.Select(l => l.DisposeAsync().AsTask()));
        }
    }

    internal static async Task<BenchSpeaker> ConnectSpeakerAsync(BenchSession session, WorkerProcess worker, CancellationToken cancellationToken)
    {
        var speaker = new BenchSpeaker(session.SourceChannel);
        try
        {
            await speaker.StartAsync(cancellationToken);
            await Eventually.TrueAsync(() => speaker.Connected, $"the worker connects to the speaker; worker log:{Environment.NewLine}{worker.RecentLog}", Within, cancellationToken);
            return speaker;
        }
        catch
        {
            await speaker.DisposeAsync();
            throw;
        }
    }
}
