using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 18 part 1: the signaling service dies (SIGKILL) and is started again while a session with a worker, a speaker
/// and listeners is live. Signaling keeps its channels, ARNs and keys in its state file, so nobody needs new ones: the
/// worker's connections, the speaker's and the listeners' reconnect by themselves; a listener that rejoined hears audio
/// again, a new listener joins and hears it, the session and its worker are the same ones, and the listener count in
/// the status comes back. Peers are our own WebRTC stack over the KVS signaling client (the pages' SDK wire protocol).
/// </summary>
[Trait("Category", "Chaos")]
public sealed class SignalingRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    /// <summary>Audio resumes within this of signaling being back (the issue's budget; reported, and a miss fails the run).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task After_a_signaling_restart_everyone_reconnects_and_audio_flows_again_in_the_same_session()
    {
        Skip.IfNot(Tool.Exists("kubectl"), "kubectl is not installed (scripts/install-deps.sh installs it)");
        await using var system = await FaultSystem.StartAsync("signaling-restart");
        try
        {
            await RunAsync(system);
        }
        catch (Exception e) when (e is not SkipException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{system.System.Logs()}", e);
        }
    }

    private async Task RunAsync(FaultSystem system)
    {
        const string Session = "signaling-restart";
        var restarts = ChaosScale.Pick(quick: 1, full: 3);
        var listenerCount = ChaosScale.Pick(quick: 1, full: 4);
        await system.ApplySessionAsync(Session);
        await system.WaitForPhaseAsync(Session, "Active", Within);
        var session = (await system.GetAsync("bcs", Session))!;
        var state = system.System.StateDirectory;
        await using var speaker = new ChaosSpeaker(ChaosChannel.Source(session, state));
        speaker.Start();
        var listeners = new List<ChaosListener>();
        try
        {
            for (var i = 0; i < listenerCount; i++)
            {
                listeners.Add(new ChaosListener(ChaosChannel.Language(session, "en", state), $"chaos-listener-{i}"));
                listeners[^1].Start();
            }
            var clock = listeners[0];
            await Eventually.TrueAsync(() => listeners.All(l => l.Hearing), "every listener hears the speaker", Within);
            await WaitListenerCountAsync(system, Session, listeners.Count);
            var pod = (await system.GetAsync("pod", WorkerPod(session)))!;
            await using var phases = new PhaseWatch(system.System.Kubeconfig, Session, () => clock.Now);

            var healthz = new Uri($"https://127.0.0.1:{system.System.SignalingPort}/healthz");
            var resumed = new List<TimeSpan>();
            var joined = new List<TimeSpan>();
            for (var round = 0; round < restarts; round++)
            {
                var speakerConnections = speaker.SignalingConnections;
                var killedAt = clock.Now;
                await system.KillAsync("Signaling", restartAfter: TimeSpan.FromSeconds(1));
                await FaultSystem.WaitHealthyAsync(healthz, Within);
                var backAt = clock.Now;

                // The listeners lost their signaling connection and rejoin; each hears audio again.
                foreach (var listener in listeners)
                {
                    resumed.Add(await listener.AudioAfterAsync(killedAt, Within) - backAt);
                }
                // A listener who arrives now joins through the restarted service and the worker's new connection.
                var arriving = new ChaosListener(ChaosChannel.Language(session, "en", state), $"chaos-arriving-{round}");
                listeners.Add(arriving);
                arriving.Start();
                var arrivedAt = arriving.Now;
                await Eventually.TrueAsync(() => arriving.Hearing, "a listener arriving after the restart hears the speaker", Within);
                joined.Add(arriving.ResumedAt!.Value - arrivedAt);
                await Eventually.TrueAsync(() => speaker.SignalingConnections > speakerConnections, "the speaker reconnects to signaling", Within);
                await WaitListenerCountAsync(system, Session, listeners.Count);
            }

            // The same session, worker pod and channels: nothing was re-created, the worker never restarted.
            var after = (await system.GetAsync("bcs", Session))!;
            Assert.Equal("Active", after["status"]!["phase"]!.GetValue<string>());
            Assert.Equal(session["status"]!["channel"]!["arn"]!.GetValue<string>(), after["status"]!["channel"]!["arn"]!.GetValue<string>());
            var podAfter = (await system.GetAsync("pod", WorkerPod(after)))!;
            Assert.Equal(pod["metadata"]!["uid"]!.GetValue<string>(), podAfter["metadata"]!["uid"]!.GetValue<string>());
            Assert.Equal(0, (int)podAfter["status"]!["containerStatuses"]![0]!["restartCount"]!);
            Assert.True(after["status"]!["media"]?["speakerConnected"]?.GetValue<bool>() == true, $"speaker connected in the status: {after["status"]}");

            var worst = resumed.Max();
            FaultReport.Write(output, "signaling restart",
                $"{restarts} SIGKILL+restart(s), {listenerCount} listener(s): audio again after signaling back p50 {FaultReport.Seconds(Median(resumed))} "
                + $"max {FaultReport.Seconds(worst)} (budget {FaultReport.Seconds(Budget)}); new listener hears after {FaultReport.Seconds(joined.Max())}; "
                + $"listenerCount back to {listeners.Count}; same session, pod and ARNs, 0 worker restarts (phases {phases})");
            Assert.True(worst <= Budget, $"audio came back {FaultReport.Seconds(worst)} after signaling, over the {FaultReport.Seconds(Budget)} budget");
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }

        await system.DeleteSessionAsync(Session);
        await Eventually.TrueAsync(async () => await system.GetAsync("bcs", Session) is null, "the session is deleted", Within);
    }

    private static string WorkerPod(JsonNode session) => (string)session["status"]!["worker"]!["pod"]!;

    private static async Task WaitListenerCountAsync(FaultSystem system, string session, int count) =>
        await Eventually.TrueAsync(async () => (await system.GetAsync("bcs", session))?["status"]?["listenerCount"]?.GetValue<int>() == count,
            $"status.listenerCount of {session} is {count}", Within);

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
