using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 18 part 4: a worker dies the way a machine kills it (SIGKILL) during a live session. The local runner restarts it
/// as the kubelet would (restartPolicy), the pod's restartCount and lastState show it, the operator marks the session
/// Degraded then Active again, and a listener hears the speaker again by itself. Both peers are our own WebRTC stack.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class WorkerCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task A_killed_worker_is_restarted_the_session_goes_Degraded_then_Active_and_the_listener_hears_audio_again()
    {
        Skip.IfNot(Tool.Exists("kubectl"), "kubectl is not installed (scripts/install-deps.sh installs it)");
        await using var system = await FaultSystem.StartAsync("worker-crash");
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
        const string Session = "worker-crash";
        await system.ApplySessionAsync(Session);
        await system.WaitForPhaseAsync(Session, "Active", Within);
        var session = (await system.GetAsync("bcs", Session))!;
        await using var speaker = new ChaosSpeaker(ChaosChannel.Source(session, system.System.StateDirectory));
        speaker.Start();
        await using var listener = new ChaosListener(ChaosChannel.Language(session, "en", system.System.StateDirectory), "chaos-listener");
        listener.Start();
        await Eventually.TrueAsync(() => listener.Hearing, "the listener hears the speaker", Within);
        await using var phases = new PhaseWatch(system.System.Kubeconfig, Session, () => listener.Now);
        // The watch's first event is the current phase: once it is in, every later line is a change after the kill.
        await Eventually.TrueAsync(() => !phases.Seen.IsEmpty, "the phase watch delivers the current phase", Within);

        var worker = system.Process("MediaWorker");
        var killedAt = listener.Now;
        await worker.KillAsync(TimeSpan.FromSeconds(10));

        var restarted = await Eventually.GetAsync(() => Task.FromResult(system.Processes("MediaWorker").Where(p => p.Pid != worker.Pid).ToList()),
            found => found.Count == 1, "the local runner starts the worker again", Within);
        await Eventually.TrueAsync(() => phases.First("Degraded", killedAt) is { } degraded && phases.First("Active", degraded) is not null,
            $"the session goes Degraded, then Active again (phases {phases})", Within);
        var pod = (await system.GetAsync("pod", (string)session["status"]!["worker"]!["pod"]!)!)!;
        var container = pod["status"]!["containerStatuses"]![0]!;
        Assert.Equal(1, (int)container["restartCount"]!);
        Assert.Equal(137, (int)container["lastState"]!["terminated"]!["exitCode"]!); // 128 + SIGKILL
        Assert.NotNull(container["state"]!["running"]);
        var degradedAt = phases.First("Degraded", killedAt)!.Value;
        var activeAt = phases.First("Active", degradedAt)!.Value;

        var audioAt = await listener.AudioAfterAsync(killedAt, Within);
        FaultReport.Write(output, "worker SIGKILL",
            $"restartCount 1, lastState exit 137, new pid {restarted[0].Pid}; Degraded after {FaultReport.Seconds(degradedAt - killedAt)}, "
            + $"Active again after {FaultReport.Seconds(activeAt - killedAt)}, listener audio again after {FaultReport.Seconds(audioAt - killedAt)} "
            + $"(listener joins {listener.Joins}, phases {phases})");

        await system.DeleteSessionAsync(Session);
        await Eventually.TrueAsync(async () => await system.GetAsync("bcs", Session) is null, "the session is deleted", Within);
    }
}
