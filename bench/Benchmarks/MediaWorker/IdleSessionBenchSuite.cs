using System.Diagnostics;
using System.Globalization;
using BroadcastOperator.Speech.Engines.Local;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// What a session costs when nobody is talking (issue 21): real worker processes (Release, embedded engines) of a
/// session translating English into one language (and into two), their CPU time over a window and their resident
/// memory, first with no speaker, then with a speaker connected sending silence, then the latency of the phrases
/// spoken after that silence, then with the speaker talking without pause. CPU time is the worker's own (its
/// /proc/PID/stat), so other load on a shared machine changes it little; the engines' child processes are noted apart.
/// </summary>
public sealed class IdleSessionBenchSuite : IBenchSuite
{
    private const double IdleCpuBudgetPercent = 0.5;
    private const double SilentSpeakerCpuBudgetPercent = 1.5;
    private const double IdleRssBudgetMb = 90;
    private const double SessionsPerCoreTarget = 100;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    // Long enough for the engines loaded on the speaker's arrival and most tiered-compilation rejits to be over:
    // what a session costs for hours, not in its first seconds.
    // IDLE_SESSION_SETTLE_S: another settling time, for looking at the warm-up.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("IDLE_SESSION_SETTLE_S"), CultureInfo.InvariantCulture, out var s) ? s : 30);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    // The speaker's arrival loads the engines and starts periodic work (quality windows, RTCP, consent, status) whose
    // methods reach the tiered compiler's 30 calls one by one: some 400 were still recompiled between 30 and 60 s
    // (0.7-0.9 % of a core), 0.05 % after two minutes. The first minute is reported apart as the warm-up.
    private static readonly TimeSpan SilentSteadyAfter = TimeSpan.FromSeconds(150);

    public string Name => "idle-session";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var catalog = EngineCatalog.DiscoverInstalled();
        if (!SpokenPhrase.Available || !catalog.Serves("en", "es") || !catalog.Serves("en", "ca"))
        {
            report.Note($"idle-session: skipped (espeak-ng, sox or apertium pairs missing; served: {catalog.DescribeServedPairs()})");
            return;
        }

        report.Note($"idle-session: load average {BenchStatistics.LoadAverage()} on {Environment.ProcessorCount} cores; each worker is its own process, "
            + $"CPU over {Window.TotalSeconds:0} s windows after {Settle.TotalSeconds:0} s to settle");
        await using var world = await WorkerWorld.StartAsync();
        if (Environment.GetEnvironmentVariable("IDLE_SESSION_QUICK") == "silent")
        {
            // For working on the silent speaker: its window and the phrases after it only.
            await RunWithSpeakerAsync(world, report, cancellationToken);
            return;
        }

        if (Environment.GetEnvironmentVariable("IDLE_SESSION_QUICK") == "1")
        {
            // For trying runtime settings (WORKER_DOTNET_* variables reach the worker as DOTNET_*) or another build
            // (WORKER_BENCH_DIR): the no-speaker window of one language only.
            await RunIdleOnlyAsync(world, report, ["es"], cancellationToken);
            return;
        }

        var idle = await RunOneLanguageAsync(world, report, cancellationToken);
        var idleTwo = await RunIdleOnlyAsync(world, report, ["es", "ca"], cancellationToken);
        await RunManyIdleAsync(world, report, cancellationToken);
        var perCore = idle > 0 ? 100 / idle : double.PositiveInfinity;
        report.Figure("sessions_per_core_idle", perCore, "sessions");
        report.Note($"idle-session: {Verdict(perCore >= SessionsPerCoreTarget)} sessions_per_core_idle {perCore:0} (target >= {SessionsPerCoreTarget}; two languages: {(idleTwo > 0 ? 100 / idleTwo : double.PositiveInfinity):0})");
    }

    /// <summary>One translated language through every phase; returns its idle CPU percent.</summary>
    private static async Task<double> RunOneLanguageAsync(WorkerWorld world, BenchReport report, CancellationToken cancellationToken)
    {
        var session = await world.NewSessionAsync("en", ["es"], maxListeners: 100, translate: true);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);

        await Task.Delay(Settle, cancellationToken);
        var idle = await MeasureAsync(worker, cancellationToken);
        report.Figure("session_idle_cpu_percent", idle.CpuPercent, "%");
        report.Figure("session_idle_rss_mb", idle.After.ResidentBytes / 1048576.0, "MB");
        report.Figure("session_idle_private_mb", idle.After.PrivateBytes / 1048576.0, "MB");
        report.Note($"idle-session: {Verdict(idle.CpuPercent <= IdleCpuBudgetPercent)} idle CPU {idle.CpuPercent:0.###} % (budget <= {IdleCpuBudgetPercent}), "
            + $"{Verdict(idle.After.ResidentBytes / 1048576.0 <= IdleRssBudgetMb)} RSS {idle.After.ResidentBytes / 1048576.0:0.#} MB (budget <= {IdleRssBudgetMb}); {idle.Describe()}");
        report.Note($"idle-session: worker's own memory figures: {await GcFiguresAsync(worker, cancellationToken)}");
        await RunWithSpeakerAsync(world, report, cancellationToken);
        return idle.CpuPercent;
    }

    /// <summary>
    /// A second worker whose speaker connects as soon as it is ready (as in the `worker` suite): a speaker arriving after the
    /// worker waited a minute found its offers held by signaling and did not connect within a minute in half the runs;
    /// what a silent or talking speaker costs is measured apart from that (see the branch's report).
    /// </summary>
    private static async Task RunWithSpeakerAsync(WorkerWorld world, BenchReport report, CancellationToken cancellationToken)
    {
        var session = await world.NewSessionAsync("en", ["es"], maxListeners: 100, translate: true);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await using var speaker = await WorkerBenchSuite.ConnectSpeakerAsync(session, worker, cancellationToken);
        using (new SpeakerStream(speaker))
        {
            await Task.Delay(Settle, cancellationToken);
            var warming = await MeasureAsync(worker, cancellationToken);
            report.Figure("session_silent_speaker_warmup_cpu_percent", warming.CpuPercent, "%");
            report.Note($"idle-session: silent speaker in its first minute: CPU {warming.CpuPercent:0.###} %; {warming.Describe()}");
            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (SilentSteadyAfter - Settle - Window).Ticks)), cancellationToken);
            var silent = await MeasureAsync(worker, cancellationToken);
            report.Figure("session_silent_speaker_cpu_percent", silent.CpuPercent, "%");
            report.Note($"idle-session: {Verdict(silent.CpuPercent <= SilentSpeakerCpuBudgetPercent)} silent speaker CPU {silent.CpuPercent:0.###} % "
                + $"after {SilentSteadyAfter.TotalSeconds:0} s (budget <= {SilentSpeakerCpuBudgetPercent}); {silent.Describe()}");
        }

        // Waking up must stay fast: the phrases spoken after the silence, the first of them cold, measured end to end.
        await using (var listener = new BenchListener(session.Channel("es"), "idle-session-listener-es"))
        {
            var detector = new TranslatedAudioDetector(listener, "es");
            await listener.JoinAsync(Within, cancellationToken);
            await TranslationLatencyBench.RunAsync(world, session, speaker, [detector], report, cancellationToken);
        }

        await MeasureTalkingAsync(worker, speaker, report, cancellationToken);
    }

    private static async Task<double> RunIdleOnlyAsync(WorkerWorld world, BenchReport report, string[] targets, CancellationToken cancellationToken)
    {
        var session = await world.NewSessionAsync("en", targets, maxListeners: 100, translate: true);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var idle = await MeasureAsync(worker, cancellationToken);
        var suffix = targets.Length == 1 ? "" : "_two_languages";
        report.Figure("session_idle_cpu_percent" + suffix, idle.CpuPercent, "%");
        report.Figure("session_idle_rss_mb" + suffix, idle.After.ResidentBytes / 1048576.0, "MB");
        report.Figure("session_idle_private_mb" + suffix, idle.After.PrivateBytes / 1048576.0, "MB");
        report.Note($"idle-session: {targets.Length} translated language(s), no speaker: {Verdict(idle.CpuPercent <= IdleCpuBudgetPercent)} CPU {idle.CpuPercent:0.###} %; {idle.Describe()}");
        return idle.CpuPercent;
    }

    /// <summary>
    /// Several idle sessions side by side, as on a node: what each adds in memory is its proportional share (PSS: the
    /// runtime's and the assemblies' pages are shared by every worker), and their CPU together over the same window.
    /// </summary>
    private static async Task RunManyIdleAsync(WorkerWorld world, BenchReport report, CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("IDLE_SESSION_COUNT"), CultureInfo.InvariantCulture, out var n) ? n : 6;
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var session = await world.NewSessionAsync("en", ["es"], maxListeners: 100, translate: true);
                workers.Add(WorkerProcess.Start(world, session));
            }

            foreach (var worker in workers)
            {
                await worker.WaitReadyAsync(Within, cancellationToken);
            }

            await Task.Delay(Settle, cancellationToken);
            var before = workers.Select(w => ProcessFootprint.Read(w.Id)).ToList();
            var clock = Stopwatch.StartNew();
            await Task.Delay(Window, cancellationToken);
            var after = workers.Select(w => ProcessFootprint.Read(w.Id)).ToList();
            var cpu = before.Zip(after, (b, a) => ProcessFootprint.CpuPercent(b.Cpu, a.Cpu, clock.Elapsed)).Sum();
            var pssPerSession = after.Average(a => a.ProportionalBytes) / 1048576.0;
            report.Figure("sessions_node_idle_pss_per_session_mb", pssPerSession, "MB");
            report.Figure("sessions_node_idle_cpu_percent_per_session", cpu / count, "%");
            report.Note(FormattableString.Invariant($"idle-session: {count} idle sessions side by side: PSS per session {pssPerSession:0.#} MB, ")
                + FormattableString.Invariant($"private per session {after.Average(a => a.PrivateBytes) / 1048576.0:0.#} MB, RSS per session {after.Average(a => a.ResidentBytes) / 1048576.0:0.#} MB, ")
                + FormattableString.Invariant($"CPU together {cpu:0.##} % of a core; load average {BenchStatistics.LoadAverage()}"));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>The speaker talks without pause (the phrases back to back, over and over) through the window.</summary>
    private static async Task MeasureTalkingAsync(WorkerProcess worker, BenchSpeaker speaker, BenchReport report, CancellationToken cancellationToken)
    {
        string[] texts = ["the house is very big", "i want to drink some water", "the weather is good today", "my brother lives in the city"];
        var phrases = new List<SpokenPhrase>();
        foreach (var text in texts)
        {
            phrases.Add(await SpokenPhrase.SpeakAsync(text, cancellationToken));
        }

        var speechSeconds = phrases.Sum(p => p.Frames.Count) * 0.02;
        using var stream = new SpeakerStream(speaker);
        for (var queued = 0.0; queued < (Window + TimeSpan.FromSeconds(4)).TotalSeconds; queued += speechSeconds)
        {
            phrases.ForEach(p => _ = stream.Say(p));
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var talking = await MeasureAsync(worker, cancellationToken);
        report.Figure("session_talking_cpu_percent", talking.CpuPercent, "%");
        report.Note($"idle-session: talking without pause, one translated language, no listener: {talking.Describe()}");
    }

    private static async Task<Measurement> MeasureAsync(WorkerProcess worker, CancellationToken cancellationToken)
    {
        var load = BenchStatistics.LoadAverage();
        var before = ProcessFootprint.Read(worker.Id);
        var threadsBefore = ThreadCpu.Read(worker.Id);
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window, cancellationToken);
        var after = ProcessFootprint.Read(worker.Id);
        var threads = ThreadCpu.Describe(threadsBefore, ThreadCpu.Read(worker.Id), clock.Elapsed);
        return new Measurement(before, after, clock.Elapsed, load, threads);
    }

    /// <summary>The GC heap and the process figures the worker itself exports on /metrics (prometheus-net's defaults).</summary>
    private static async Task<string> GcFiguresAsync(WorkerProcess worker, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var text = await http.GetStringAsync($"http://127.0.0.1:{worker.HttpPort}/metrics", cancellationToken);
            var wanted = new[] { "dotnet_total_memory_bytes", "process_private_memory_bytes", "process_num_threads" };
            return string.Join(", ", text.Split('\n')
                .Where(line => wanted.Any(w => line.StartsWith(w + " ", StringComparison.Ordinal)))
                .Select(line => line.Split(' ') is [var name, var value] && double.TryParse(value, CultureInfo.InvariantCulture, out var number)
                    ? name.EndsWith("_bytes", StringComparison.Ordinal) ? FormattableString.Invariant($"{name} {number / 1048576:0.#} MB") : $"{name} {number}"
                    : line));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "/metrics not readable: " + e.Message;
        }
    }

    private static string Verdict(bool withinBudget) => withinBudget ? "PASS" : "OVER";

    private sealed record Measurement(ProcessFootprint Before, ProcessFootprint After, TimeSpan Wall, string LoadAverage, string Threads)
    {
        public double CpuPercent => ProcessFootprint.CpuPercent(Before.Cpu, After.Cpu, Wall);

        public string Describe() => FormattableString.Invariant(
            $"RSS {After.ResidentBytes / 1048576.0:0.#} MB (anonymous {After.AnonymousBytes / 1048576.0:0.#}, file-backed {After.FileBytes / 1048576.0:0.#}; ")
            + FormattableString.Invariant($"private {After.PrivateBytes / 1048576.0:0.#}, PSS {After.ProportionalBytes / 1048576.0:0.#}); ")
            + FormattableString.Invariant($"child processes CPU {ProcessFootprint.CpuPercent(Before.DescendantsCpu, After.DescendantsCpu, Wall):0.##} %, RSS {After.DescendantsResidentBytes / 1048576.0:0.#} MB; ")
            + $"load average {LoadAverage}; busiest threads: {Threads}";
    }
}
