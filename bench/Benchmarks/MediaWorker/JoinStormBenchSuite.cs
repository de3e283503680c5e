using System.Diagnostics;
using System.Globalization;
using System.Net;
using BroadcastOperator.Benchmarks.WebRtc;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// A hall pressing Play in the same seconds (issue 20): the real worker process as MASTER of a language channel on the
/// real signaling service (its own default limits), a speaker streaming, and 500 listeners of our own WebRTC stack
/// starting evenly over 5 s. Each one asks the real SessionApi for its own credentials (`POST /sessions/{id}/join`),
/// opens its own VIEWER connection, offers, and waits for the worker's answer, ICE and DTLS, and its first audio packet.
/// Every other listener is signed in (its own subject), the rest are anonymous; all come from 127.0.0.1, as a hall
/// behind one NAT does. Figures: listeners whose audio arrived, join request → first audio p50/p95, and where the
/// others were lost (join refused by status, signaling refused, no SDP answer, ICE/DTLS failed, no audio).
/// The storm runs twice, each in a fresh world: the system as it ships (held to the budget), then the baseline of
/// joins that each read the session themselves (no shared read window), so the figures of the change stand side by side.
/// JOIN_STORM_LISTENERS sets the crowd (default 500). Each listener gives up 25 s after its join request, so a run ends
/// within about 30 s of the first join whatever is lost.
/// </summary>
public sealed class JoinStormBenchSuite : IBenchSuite
{
    private const string Language = "en";
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ListenerDeadline = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);
    private const double FirstAudioBudgetSeconds = 3;

    public string Name => "join-storm";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("JOIN_STORM_LISTENERS"), out var n) && n > 0 ? n : 500;
        report.Note($"join-storm: load average {BenchStatistics.LoadAverage()} on {Environment.ProcessorCount} cores; the worker runs as its own process, "
            + "SessionApi, signaling, the Kubernetes API and every listener in this one");
        // The system as it ships first; then, in a fresh world, the baseline: every /join reading the session itself
        // (a read window of 0), as before joins shared one read. The baseline runs second, on a warmed-up bench process,
        // so the comparison, if anything, flatters it.
        var shipped = await RunStormAsync(count, joinReadWindowMilliseconds: null, report, cancellationToken);
        Report(shipped, count, report, "join_storm", budgeted: true);
        var baseline = await RunStormAsync(count, joinReadWindowMilliseconds: 0, report, cancellationToken);
        Report(baseline, count, report, "join_storm_baseline_unshared_reads", budgeted: false);
    }

    private static async Task<IReadOnlyList<ListenerOutcome>> RunStormAsync(int count, int? joinReadWindowMilliseconds, BenchReport report,
        CancellationToken cancellationToken)
    {
        var label = joinReadWindowMilliseconds is { } window ? $"join-storm (baseline, join read window {window} ms)" : "join-storm";
        await using var world = await WorkerWorld.StartAsync(serviceLimits: true, viewersPerChannel: count + 10);
        var session = await world.NewSessionAsync(Language, ["es"], maxListeners: count * 2, translate: false);
        await BenchSessionApi.ProvisionAsync(world, session);
        await using var api = await BenchSessionApi.StartAsync(world, session,
            joinReadWindowMilliseconds is { } ms ? [$"--SessionApi:JoinSessionReadWindowMilliseconds={ms}"] : []);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await using var speaker = await WorkerBenchSuite.ConnectSpeakerAsync(session, worker, cancellationToken);

        using var stopSpeaking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speaking = Task.Factory.StartNew(() => Speak(speaker, stopSpeaking.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var storm = new Storm(api, session, count);
        try
        {
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var workerCpu = worker.CpuTime;
            var wall = Stopwatch.StartNew();
            using var stopSampling = new CancellationTokenSource();
            var pool = SamplePoolAsync(stopSampling.Token);
            try
            {
                await storm.RunAsync(cancellationToken).WaitAsync(Spread + ListenerDeadline + TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{label}: {storm.Pending} of {count} listeners still had no outcome {wall.Elapsed.TotalSeconds:0} s after the first join; worker log:{Environment.NewLine}{worker.RecentLog}");
            }
            await stopSampling.CancelAsync();
            var (queued, threads) = await pool;
            report.Note($"{label}: took {wall.Elapsed.TotalSeconds:0.#} s; this process's thread pool queued at most {queued} work items on at most {threads} threads; bench process CPU {100 * (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds / wall.Elapsed.TotalSeconds:0} % of a core, "
                + $"worker {100 * (worker.CpuTime - workerCpu).TotalSeconds / wall.Elapsed.TotalSeconds:0} %; load average {BenchStatistics.LoadAverage()}");
            await ReportServiceCountersAsync(world, worker, label, report, cancellationToken);
            return storm.Outcomes;
        }
        finally
        {
            await stopSpeaking.CancelAsync();
            await speaking;
            await storm.DisposeAsync();
        }
    }

    /// <summary>The figures of one storm, named with <paramref name="prefix"/>; only the shipped system is held to the budget.</summary>
    private static void Report(IReadOnlyList<ListenerOutcome> outcomes, int count, BenchReport report, string prefix, bool budgeted)
    {
        var heard = outcomes.Where(o => o.Result == JoinResult.Audio).ToList();
        var firstAudio = heard.Select(o => o.FirstAudioSeconds!.Value).ToList();
        var connectedPercent = 100.0 * heard.Count / count;
        var lastStart = outcomes.Count == 0 ? 0 : outcomes.Max(o => o.StartSeconds);
        report.Note($"{prefix}: {count} listeners started over {lastStart:0.##} s; first audio is over the {heard.Count} whose audio arrived; "
            + "from the join request: " + string.Join(", ", new (string Name, Func<ListenerOutcome, double?> Stage)[]
            {
                ("/join answered", o => o.JoinedSeconds), ("signaling open", o => o.SignalingOpenSeconds), ("SDP answer", o => o.AnswerSeconds),
                ("first audio", o => o.FirstAudioSeconds),
            }.Select(s => Stage(outcomes, s.Name, s.Stage))));
        report.Figure($"{prefix}_listeners", count, "listeners");
        report.Figure($"{prefix}_connected_percent", connectedPercent, "%");
        report.Figure($"{prefix}_first_audio_p50_s", BenchStatistics.Percentile(firstAudio, 0.5), "s");
        report.Figure($"{prefix}_first_audio_p95_s", BenchStatistics.Percentile(firstAudio, 0.95), "s");
        report.Figure($"{prefix}_join_refused_count", outcomes.Count(o => o.Result is JoinResult.JoinRefused or JoinResult.JoinFailed), "listeners");
        report.Figure($"{prefix}_signaling_refused_count", outcomes.Count(o => o.Result == JoinResult.SignalingRefused), "listeners");
        report.Figure($"{prefix}_no_answer_count", outcomes.Count(o => o.Result == JoinResult.NoAnswer), "listeners");
        report.Figure($"{prefix}_ice_dtls_failed_count", outcomes.Count(o => o.Result == JoinResult.IceDtlsFailed), "listeners");
        report.Figure($"{prefix}_no_audio_count", outcomes.Count(o => o.Result == JoinResult.NoAudio), "listeners");

        foreach (var group in outcomes.Where(o => o.Result != JoinResult.Audio).GroupBy(o => (o.Result, o.SignedIn, o.Detail)).OrderBy(g => g.Key.Result))
        {
            report.Note($"{prefix}: lost {group.Count()} {(group.Key.SignedIn ? "signed-in" : "anonymous")} listeners: {group.Key.Result}"
                + (group.Key.Detail is null ? "" : $" ({group.Key.Detail})"));
        }

        if (!budgeted)
        {
            return;
        }

        var missed = new List<string>();
        if (heard.Count < count)
        {
            missed.Add($"connected {connectedPercent:0.#} % < 100 %");
        }

        if (!(BenchStatistics.Percentile(firstAudio, 0.95) <= FirstAudioBudgetSeconds))
        {
            missed.Add($"first audio p95 {BenchStatistics.Percentile(firstAudio, 0.95):0.###} s > {FirstAudioBudgetSeconds} s");
        }

        report.Note(missed.Count == 0 ? "join-storm: within budget (connected 100 %, first audio p95 ≤ 3 s)" : "join-storm: OVER BUDGET: " + string.Join("; ", missed));
    }

    private static string Stage(IReadOnlyList<ListenerOutcome> outcomes, string name, Func<ListenerOutcome, double?> stage)
    {
        var seconds = outcomes.Select(stage).OfType<double>().ToList();
        return FormattableString.Invariant($"{name} p50 {BenchStatistics.Percentile(seconds, 0.5):0.###} s / p95 {BenchStatistics.Percentile(seconds, 0.95):0.###} s ({seconds.Count})");
    }

    /// <summary>What signaling refused (by reason) and what the worker did with the offers, as each counts it.</summary>
    private static async Task ReportServiceCountersAsync(WorkerWorld world, WorkerProcess worker, string label, BenchReport report, CancellationToken cancellationToken)
    {
        foreach (var line in (await world.SignalingMetricsTextAsync(cancellationToken)).Split('\n').Where(l => l.StartsWith("signaling_rejections_total{", StringComparison.Ordinal)))
        {
            report.Note($"{label}: signaling {line}");
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await http.GetStringAsync($"http://127.0.0.1:{worker.HttpPort}/metrics", cancellationToken);
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("broadcast_worker_", StringComparison.Ordinal)
                && (l.Contains("offer", StringComparison.Ordinal) || l.Contains("answer", StringComparison.Ordinal) || l.Contains("signaling", StringComparison.Ordinal)
                    || l.Contains("retr", StringComparison.Ordinal))))
            {
                report.Note($"{label}: worker {line}");
            }
        }
        catch (HttpRequestException e)
        {
            report.Note($"{label}: worker metrics unreadable: {e.Message}");
        }
    }

    /// <summary>The most work items this process's thread pool had waiting, and its most threads, while the storm ran.</summary>
    private static async Task<(long Queued, int Threads)> SamplePoolAsync(CancellationToken stop)
    {
        long queued = 0;
        var threads = 0;
        while (!stop.IsCancellationRequested)
        {
            queued = Math.Max(queued, ThreadPool.PendingWorkItemCount);
            threads = Math.Max(threads, ThreadPool.ThreadCount);
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (queued, threads);
    }

    private static void Speak(BenchSpeaker speaker, CancellationToken cancellationToken)
    {
        var opus = FanOutOpusFrames.Tone(50);
        var clock = Stopwatch.StartNew();
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            speaker.Send(opus[i % opus.Length]);
            BenchStatistics.SleepUntil(clock, FrameDuration * (i + 1));
        }
    }

    /// <summary>The crowd: each listener starts at its own time, evenly over the spread, and ends with one outcome.</summary>
    private sealed class Storm(BenchSessionApi api, BenchSession session, int count) : IAsyncDisposable
    {
        private readonly List<BenchListener> _listeners = [];
        private readonly List<ListenerOutcome> _outcomes = [];
        private long _origin;

        private TimeSpan Now => Stopwatch.GetElapsedTime(_origin);

        public IReadOnlyList<ListenerOutcome> Outcomes
        {
            get
            {
                lock (_outcomes)
                {
                    return [.. _outcomes];
                }
            }
        }

        public int Pending => count - Outcomes.Count;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            // Tokens come from the identity provider before anyone presses Play: minting them is not part of joining.
            var tokens = Enumerable.Range(0, count).Select(i => i % 2 == 0 ? api.ListenerToken($"hall-listener-{i}") : null).ToArray();
            _origin = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => JoinOneAsync(i, tokens[i], Spread * i / count, cancellationToken)));
        }

        private async Task JoinOneAsync(int index, string? token, TimeSpan startAt, CancellationToken cancellationToken)
        {
            var wait = startAt - Now;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var outcome = await JoinAsync(token, Now, cancellationToken);
            lock (_outcomes)
            {
                _outcomes.Add(outcome with { Index = index });
            }
        }

        private async Task<ListenerOutcome> JoinAsync(string? token, TimeSpan start, CancellationToken cancellationToken)
        {
            var outcome = new ListenerOutcome(0, token is not null, start.TotalSeconds, JoinResult.Audio);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ListenerDeadline);
            HttpStatusCode status;
            Shared.Signaling.SignalingClientOptions? signaling;
            try
            {
                (status, signaling) = await api.JoinAsync(session.Name, Language, token, deadline.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return outcome with { Result = JoinResult.JoinFailed, Detail = e.GetType().Name };
            }

            outcome = outcome with { JoinedSeconds = (Now - start).TotalSeconds };
            if (signaling is null)
            {
                return outcome with { Result = JoinResult.JoinRefused, Detail = $"HTTP {(int)status}" };
            }

            var listener = new BenchListener(signaling, Language);
            lock (_listeners)
            {
                _listeners.Add(listener);
            }

            var firstAudio = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            // On the listener's receive thread: only the first packet's time is kept.
            listener.Peer.AudioReceived += (in RtpHeader _, ReadOnlySpan<byte> _) => firstAudio.TrySetResult(Now);
            try
            {
                await listener.JoinAsync(ListenerDeadline - (Now - start), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var detail = listener.Refusal is { } refusal ? $"signaling told the viewer {refusal.StatusCode} {refusal.ErrorType}" : null;
                return listener.Reached switch
                {
                    JoinStage.None => outcome with { Result = JoinResult.SignalingRefused, Detail = Short(e.Message) },
                    JoinStage.SignalingOpen or JoinStage.Offered => outcome with { Result = JoinResult.NoAnswer, Detail = detail },
                    // Failed, or still connecting at the deadline (an answer that came late, or checks and handshake that took that long).
                    _ => outcome with
                    {
                        Result = JoinResult.IceDtlsFailed,
                        AnswerSeconds = AnswerSeconds(listener, start),
                        SignalingOpenSeconds = Since(listener.SignalingOpenTimestamp, start),
                        Detail = Short(listener.Peer.FailureReason ?? $"still {listener.Peer.State} at the {ListenerDeadline.TotalSeconds:0} s deadline, answer after "
                            + $"{(AnswerSeconds(listener, start) is { } answer ? Math.Round(answer / 5) * 5 : double.NaN):0} s"),
                    },
                };
            }

            outcome = outcome with { AnswerSeconds = AnswerSeconds(listener, start), SignalingOpenSeconds = Since(listener.SignalingOpenTimestamp, start) };
            try
            {
                var heard = await firstAudio.Task.WaitAsync(deadline.Token);
                return outcome with { FirstAudioSeconds = (heard - start).TotalSeconds };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return outcome with { Result = JoinResult.NoAudio };
            }
        }

        private double? AnswerSeconds(BenchListener listener, TimeSpan start) => Since(listener.AnsweredTimestamp, start);

        private double? Since(long? timestamp, TimeSpan start) => timestamp is { } at ? (Stopwatch.GetElapsedTime(_origin, at) - start).TotalSeconds : null;

        public async ValueTask DisposeAsync()
        {
            List<BenchListener> listeners;
            lock (_listeners)
            {
                listeners = [.. _listeners];
            }

            await Task.WhenAll(listeners.Select(l => l.DisposeAsync().AsTask()));
        }

        private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "…";
    }

    private enum JoinResult
    {
        Audio,
        JoinRefused,
        JoinFailed,
        SignalingRefused,
        NoAnswer,
        IceDtlsFailed,
        NoAudio,
    }

    private sealed record ListenerOutcome(int Index, bool SignedIn, double StartSeconds, JoinResult Result, string? Detail = null,
        double? JoinedSeconds = null, double? SignalingOpenSeconds = null, double? AnswerSeconds = null, double? FirstAudioSeconds = null);
}
