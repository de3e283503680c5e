using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 18 part 2: the operator is SIGKILLed (no graceful stop, its lease not handed back) while it reconciles a batch
/// of sessions, half being created and half deleted; the restarted operator takes the lease once it expires and
/// converges. Then every channel (signaling's control plane), Pod and Service is counted: each belongs to a live
/// session, by name and by owner uid, exactly as many as one session wants; none is left of the deleted ones.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class OperatorKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public async Task An_operator_killed_mid_batch_is_restarted_and_leaves_no_orphaned_or_duplicated_channel_pod_or_service()
    {
        Skip.IfNot(Tool.Exists("kubectl"), "kubectl is not installed (scripts/install-deps.sh installs it)");
        await using var system = await FaultSystem.StartAsync("operator-kill");
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
        var batch = ChaosScale.Pick(quick: 6, full: 20);
        var doomed = Enumerable.Range(0, batch / 2).Select(i => $"batch-old-{i}").ToList();
        var created = Enumerable.Range(0, batch - doomed.Count).Select(i => $"batch-new-{i}").ToList();
        await system.ApplySessionsAsync(doomed);
        // The ones to delete are fully made first: channels in the status, Pod and Service in the API.
        await Eventually.TrueAsync(async () => (await ReadyAsync(system, doomed)) == doomed.Count, $"the {doomed.Count} first sessions have their channels and worker", Within);
        var wanted = await CountPerSessionAsync(system, doomed[0]);

        var clock = Stopwatch.StartNew();
        var operatorLog = Path.Combine(system.System.StateDirectory, "logs", "operator.log");
        var logStart = new FileInfo(operatorLog).Length;
        var apply = system.ApplySessionsAsync(created);
        var delete = system.Tools.KubectlAsync(["delete", "bcs", .. doomed, "--wait=false"]);
        // Killed at the operator's first step on the batch (its log names a batch session), well before it is through.
        await Eventually.TrueAsync(() => LogSince(operatorLog, logStart).Contains("batch-", StringComparison.Ordinal), "the operator starts on the batch", Within);
        var operatorProcess = system.Process("Operator");
        await operatorProcess.KillAsync(TimeSpan.FromSeconds(10));
        var killedAt = clock.Elapsed;
        await apply;
        Assert.True((await delete).ExitCode == 0, (await delete).Stderr);
        var progress = await ProgressAsync(system, created, doomed);
        system.StartAgain(operatorProcess, "Operator");

        await Eventually.TrueAsync(async () => (await ReadyAsync(system, created)) == created.Count && await GoneAsync(system, doomed),
            "the restarted operator converges: every new session has its channels and worker, every deleted one is gone", Within);
        var convergedAt = clock.Elapsed;
        await Eventually.TrueAsync(async () => (await ActiveAsync(system, created)) == created.Count, "every new session Active", Within);
        var activeAt = clock.Elapsed;

        var (channels, pods, services) = await CountAllAsync(system, created, wanted);
        FaultReport.Write(output, "operator SIGKILL",
            $"batch of {batch} ({created.Count} created, {doomed.Count} deleted), killed with {progress} of {batch} done (channel in the status or gone); converged {FaultReport.Seconds(convergedAt - killedAt)} "
            + $"after the kill (lease {FaultReport.Seconds(TimeSpan.FromSeconds(15))}), all Active after {FaultReport.Seconds(activeAt - killedAt)}; "
            + $"counted {channels} channels, {pods} pods, {services} services: none orphaned or duplicated");

        await system.Tools.KubectlAsync(["delete", "bcs", .. created, "--wait=false"]);
        await Eventually.TrueAsync(() => GoneAsync(system, created), "the new sessions are deleted", Within);
        var (left, leftPods, leftServices) = await CountAllAsync(system, [], wanted);
        Assert.Equal((0, 0, 0), (left, leftPods, leftServices));
    }

    /// <summary>Sessions with channels in the status and their worker Pod and Service in the API.</summary>
    private static async Task<int> ReadyAsync(FaultSystem system, IReadOnlyList<string> sessions)
    {
        var items = (await system.ListAsync("bcs")).Where(s => sessions.Contains(Name(s))).ToList();
        var pods = (await system.ListAsync("pods")).Select(Name).ToHashSet();
        return items.Count(s => s["status"]?["channel"]?["arn"] is not null && s["status"]?["worker"]?["pod"] is JsonNode pod && pods.Contains((string)pod!));
    }

    private static async Task<int> ActiveAsync(FaultSystem system, IReadOnlyList<string> sessions) =>
        (await system.ListAsync("bcs")).Count(s => sessions.Contains(Name(s)) && s["status"]?["phase"]?.GetValue<string>() == "Active");

    private static async Task<bool> GoneAsync(FaultSystem system, IReadOnlyList<string> sessions) =>
        !(await system.ListAsync("bcs")).Any(s => sessions.Contains(Name(s)));

    /// <summary>How much of the batch is done: new sessions with a channel in their status plus deleted sessions gone.</summary>
    private static async Task<int> ProgressAsync(FaultSystem system, IReadOnlyList<string> created, IReadOnlyList<string> doomed)
    {
        var items = await system.ListAsync("bcs");
        return items.Count(s => created.Contains(Name(s)) && s["status"]?["channel"]?["arn"] is not null)
            + doomed.Count(d => !items.Any(s => Name(s) == d));
    }

    /// <summary>The channels, Pods and Services one session has (all sessions of this test have the same spec).</summary>
    private static async Task<(int Channels, int Pods, int Services)> CountPerSessionAsync(FaultSystem system, string session)
    {
        var channels = (await system.Tools.ChannelsOfAsync($"default_{session}_")).Count;
        var pods = (await system.ListAsync("pods")).Count(p => Label(p) == session);
        var services = (await system.ListAsync("services")).Count(s => Label(s) == session);
        Assert.True(channels > 0 && pods == 1 && services > 0, $"{session}: {channels} channels, {pods} pods, {services} services");
        return (channels, pods, services);
    }

    /// <summary>
    /// Every channel, Pod and Service there is: each belongs to one of <paramref name="live"/> (channel name prefix and the
    /// ARNs in its status; the owner uid of Pods and Services) and each live session has exactly <paramref name="wanted"/>.
    /// </summary>
    private static async Task<(int Channels, int Pods, int Services)> CountAllAsync(FaultSystem system, IReadOnlyList<string> live, (int Channels, int Pods, int Services) wanted)
    {
        var sessions = (await system.ListAsync("bcs")).Where(s => live.Contains(Name(s))).ToDictionary(Name);
        Assert.Equal(live.Count, sessions.Count);
        var channels = await system.Tools.ChannelsOfAsync("default_");
        foreach (var (name, session) in sessions)
        {
            var arns = new[] { session["status"]!["channel"]!["arn"]!.GetValue<string>() }
                .Concat(session["status"]!["languages"]!.AsArray().Select(l => l!["channel"]!["arn"]!.GetValue<string>())).Order().ToList();
            var listed = channels.Where(c => c.Name.StartsWith($"default_{name}_", StringComparison.Ordinal)).Select(c => c.Arn).Order().ToList();
            Assert.True(arns.SequenceEqual(listed), $"{name}: status ARNs [{string.Join(", ", arns)}] but signaling has [{string.Join(", ", listed)}]");
            Assert.Equal(wanted.Channels, listed.Count);
        }
        var orphanChannels = channels.Where(c => !sessions.Keys.Any(n => c.Name.StartsWith($"default_{n}_", StringComparison.Ordinal))).Select(c => c.Name).ToList();
        Assert.True(orphanChannels.Count == 0, $"orphaned channels: {string.Join(", ", orphanChannels)}");

        var pods = await system.ListAsync("pods");
        var services = await system.ListAsync("services");
        foreach (var (kind, items, each) in new[] { ("pod", pods, wanted.Pods), ("service", services, wanted.Services) })
        {
            var orphans = items.Where(i => !sessions.TryGetValue(Label(i) ?? "", out var owner) || OwnerUid(i) != Uid(owner)).Select(Name).ToList();
            Assert.True(orphans.Count == 0, $"orphaned or stale {kind}s: {string.Join(", ", orphans)}");
            foreach (var name in sessions.Keys)
            {
                Assert.True(items.Count(i => Label(i) == name) == each, $"{name} has {items.Count(i => Label(i) == name)} {kind}s, wanted {each}");
            }
        }
        return (channels.Count, pods.Count, services.Count);
    }

    private static string LogSince(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Name(JsonNode item) => (string)item["metadata"]!["name"]!;

    private static string? Uid(JsonNode item) => (string?)item["metadata"]!["uid"];

    private static string? OwnerUid(JsonNode item) => (string?)item["metadata"]!["ownerReferences"]?[0]?["uid"];

    private static string? Label(JsonNode item) => (string?)item["metadata"]!["labels"]?["broadcast.dev/session"];
}
