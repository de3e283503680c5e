using BroadcastOperator.TestSupport.NetLab;
using Xunit.Abstractions;

namespace BroadcastOperator.WebRtc.Tests.NetLab;

/// <summary>
/// A listener behind the impairing relay, with and without loss protection (RED + NACK + Opus FEC), in the same run
/// under the same seeded loss: what it can play must be measurably better with protection. Alone in their collection:
/// they send in real time and judge arrival against a playout deadline, which a starved CPU would blur. The
/// absolute budgets (≤ 2 % concealed at 10 % loss) are the bench's (`make bench FILTER=network`), not these tests'.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class LossProtectionTests(ITestOutputHelper output)
{
    private const int Frames = 300; // 6 s of audio, sent in real time

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public async Task At_random_loss_a_protected_listener_conceals_far_less_than_a_plain_one(double lossPercent)
    {
        var downlink = new Impairment { LossPercent = lossPercent, Seed = 14 };
        var uplink = new Impairment { LossPercent = lossPercent, Seed = 41 };

        var runs = await Task.WhenAll(
            LossProtectionRun.RunAsync(downlink, uplink, Protection.None, Frames),
            LossProtectionRun.RunAsync(downlink, uplink, Protection.All, Frames));
        var (plain, protectedRun) = (runs[0], runs[1]);
        output.WriteLine($"{lossPercent} % loss, plain: {plain}");
        output.WriteLine($"{lossPercent} % loss, protected: {protectedRun}");

        Assert.True(plain.LostOnTheLink > 0 && protectedRun.LostOnTheLink > 0, "the relay dropped packets in both runs");
        Assert.InRange(plain.ConcealedPercent, lossPercent / 3, lossPercent * 2); // the baseline shows the loss
        Assert.True(protectedRun.ConcealedPercent * 3 < plain.ConcealedPercent, "protection cuts concealment at least threefold");
        Assert.True(protectedRun.Correlation >= plain.Correlation, $"envelope correlation {protectedRun.Correlation:0.###} protected vs {plain.Correlation:0.###} plain");
        Assert.True(protectedRun.RecoveredByRed + protectedRun.Retransmitted + protectedRun.FecRecovered > 0, "some loss was repaired");
    }

    [Fact]
    public async Task Nack_alone_gets_lost_packets_resent_in_time_to_play()
    {
        var downlink = new Impairment { LossPercent = 10, Seed = 14 };

        var runs = await Task.WhenAll(
            LossProtectionRun.RunAsync(downlink, downlink with { Seed = 41 }, Protection.None, Frames),
            LossProtectionRun.RunAsync(downlink, downlink with { Seed = 41 }, Protection.NackOnly, Frames));
        output.WriteLine($"10 % loss, plain: {runs[0]}");
        output.WriteLine($"10 % loss, NACK only: {runs[1]}");

        Assert.True(runs[1].Retransmitted > 0, "the sender resent packets");
        Assert.Equal(0, runs[1].RecoveredByRed);
        Assert.True(runs[1].ConcealedPercent * 3 < runs[0].ConcealedPercent, "retransmission cuts concealment at least threefold");
    }

    [SkippableFact]
    public async Task A_listener_in_a_namespace_reaches_the_sender_only_through_the_relay_and_is_protected_there()
    {
        var why = NetworkNamespace.WhyUnavailable();
        Skip.If(why is not null, why);
        using var remote = NetworkNamespace.Create();
        var loss = new Impairment { LossPercent = 10, Seed = 14 };

        var result = await LossProtectionRun.RunAsync(loss, loss with { Seed = 41 }, Protection.All, 150, remote);
        output.WriteLine($"in namespace {remote.Name}, 10 % loss, protected: {result}");

        Assert.True(result.LostOnTheLink > 0);
        Assert.True(result.ConcealedPercent <= 5, $"concealed {result.ConcealedPercent:0.##} % with 10 % loss on the link");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "real-time media through the network lab";
}
