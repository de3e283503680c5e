using BroadcastOperator.WebRtc.Peer;

namespace BroadcastOperator.WebRtc.Tests.Peer;

public class PeerTickerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void Peers_on_one_clock_and_interval_share_one_timer_and_each_is_ticked_once_per_fire()
    {
        var clock = new TimerRecordingTime();
        var counts = new int[100];
        var subscriptions = Enumerable.Range(0, counts.Length).Select(i => PeerTicker.Subscribe(clock, Interval, () => counts[i]++)).ToList();

        clock.FireAll();
        clock.FireAll();

        Assert.Single(clock.Timers);
        Assert.All(counts, count => Assert.Equal(2, count));
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public void A_peer_that_left_is_no_longer_ticked_and_the_last_one_leaving_stops_the_timer()
    {
        var clock = new TimerRecordingTime();
        var (stays, leaves) = (0, 0);
        var staying = PeerTicker.Subscribe(clock, Interval, () => stays++);
        var leaving = PeerTicker.Subscribe(clock, Interval, () => leaves++);

        leaving.Dispose();
        clock.FireAll();
        Assert.Equal((1, 0), (stays, leaves));
        Assert.False(clock.Timers[0].Disposed);

        staying.Dispose();
        Assert.True(clock.Timers[0].Disposed);
    }

    [Fact]
    public void A_peer_whose_tick_throws_does_not_stop_the_others()
    {
        var clock = new TimerRecordingTime();
        var ticked = 0;
        using var failing = PeerTicker.Subscribe(clock, Interval, () => throw new InvalidOperationException("a peer's bug"));
        using var healthy = PeerTicker.Subscribe(clock, Interval, () => ticked++);

        clock.FireAll();

        Assert.Equal(1, ticked);
    }

    [Fact]
    public void Different_intervals_get_their_own_timer()
    {
        var clock = new TimerRecordingTime();
        using var consent = PeerTicker.Subscribe(clock, Interval, () => { });
        using var checks = PeerTicker.Subscribe(clock, TimeSpan.FromMilliseconds(50), () => { });

        Assert.Equal([Interval, TimeSpan.FromMilliseconds(50)], clock.Timers.Select(t => t.Period));
    }

    /// <summary>A clock whose timers fire only when the test says so.</summary>
    private sealed class TimerRecordingTime : TimeProvider
    {
        public List<RecordedTimer> Timers { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new RecordedTimer(() => callback(state), period);
            Timers.Add(timer);
            return timer;
        }

        public void FireAll() => Timers.Where(t => !t.Disposed).ToList().ForEach(t => t.Fire());
    }

    private sealed class RecordedTimer(Action fire, TimeSpan period) : ITimer
    {
        public TimeSpan Period { get; } = period;

        public bool Disposed { get; private set; }

        public void Fire() => fire();

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
