using BroadcastOperator.TestSupport.NetLab;

namespace BroadcastOperator.WebRtc.Tests.NetLab;

public class ImpairmentScheduleTests
{
    private const int Datagrams = 20_000;
    private static readonly TimeSpan Every20Ms = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void The_same_seed_gives_the_same_fates()
    {
        var impairment = new Impairment { LossPercent = 10, Jitter = TimeSpan.FromMilliseconds(40), DuplicatePercent = 2, Seed = 7 };

        Assert.Equal(Fates(impairment), Fates(impairment));
        Assert.NotEqual(Fates(impairment), Fates(impairment with { Seed = 8 }));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void Random_loss_drops_about_the_asked_share_in_isolated_losses(double percent)
    {
        var fates = Fates(new Impairment { LossPercent = percent, Seed = 3 });

        var lost = fates.Count(f => f.Count == 0) * 100.0 / Datagrams;
        Assert.InRange(lost, percent * 0.85, percent * 1.15);
        Assert.InRange(MeanLossRun(fates), 1.0, 1.3);
    }

    [Fact]
    public void Bursty_loss_drops_the_asked_share_in_runs_of_the_asked_mean_length()
    {
        var fates = Fates(new Impairment { Bursts = GilbertElliott.ForLoss(10, meanBurst: 4), Seed = 5 });

        var lost = fates.Count(f => f.Count == 0) * 100.0 / Datagrams;
        Assert.InRange(lost, 8.0, 12.0);
        Assert.InRange(MeanLossRun(fates), 3.4, 4.6);
    }

    [Fact]
    public void Jitter_lets_later_datagrams_overtake_earlier_ones_and_stays_within_its_bound()
    {
        var impairment = new Impairment { Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(40), Seed = 9 };
        var arrivals = Fates(impairment).Select((f, i) => (Every20Ms * i) + f.Single()).ToList();

        Assert.All(Fates(impairment), f => Assert.InRange(f.Single().TotalMilliseconds, 10, 50));
        var overtaken = arrivals.Zip(arrivals.Skip(1)).Count(p => p.Second < p.First);
        Assert.InRange(overtaken, Datagrams / 20, Datagrams / 2);
    }

    [Fact]
    public void Duplicates_arrive_twice()
    {
        var fates = Fates(new Impairment { DuplicatePercent = 5, Seed = 11 });

        var twice = fates.Count(f => f.Count == 2) * 100.0 / Datagrams;
        Assert.InRange(twice, 4.0, 6.0);
    }

    [Fact]
    public void A_rate_limit_queues_datagrams_and_drops_what_would_wait_too_long()
    {
        // 1000-byte datagrams every 20 ms are 400 kbit/s; the link carries 200 kbit/s.
        var schedule = new ImpairmentSchedule(new Impairment { RateBitsPerSecond = 200_000, MaxQueueDelay = TimeSpan.FromMilliseconds(100), Seed = 1 });
        var fates = Enumerable.Range(0, 200).Select(i => schedule.Decide(1000, Every20Ms * i)).ToList();

        var delivered = fates.Count(f => f.Count == 1);
        Assert.InRange(delivered, 95, 110); // about half gets through
        Assert.All(fates.Where(f => f.Count == 1), f => Assert.True(f[0] <= TimeSpan.FromMilliseconds(100)));
        Assert.True(fates.Where(f => f.Count == 1).Max(f => f[0]) >= TimeSpan.FromMilliseconds(60), "the queue fills up");
    }

    private static List<IReadOnlyList<TimeSpan>> Fates(Impairment impairment)
    {
        var schedule = new ImpairmentSchedule(impairment);
        return Enumerable.Range(0, Datagrams).Select(i => schedule.Decide(200, Every20Ms * i)).ToList();
    }

    private static double MeanLossRun(List<IReadOnlyList<TimeSpan>> fates)
    {
        var runs = new List<int>();
        var run = 0;
        foreach (var fate in fates)
        {
            if (fate.Count == 0)
            {
                run++;
            }
            else if (run > 0)
            {
                runs.Add(run);
                run = 0;
            }
        }

        return runs.Average();
    }
}
