using BroadcastOperator.Signaling.DataPlane;
using BroadcastOperator.Signaling.Options;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.DataPlane;

/// <summary>The allowance arithmetic with the default settings: base 20/s burst 60, a master +5/s and +20 per viewer.</summary>
public sealed class ConnectionRateLimitTests
{
    private readonly SignalingOptions _options = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public void Viewer_gets_the_base_burst_then_the_base_rate()
    {
        var viewer = ConnectionRateLimit.ForViewer(_options, _clock);

        var burst = TakeUntilRefused(viewer);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var oneSecondLater = TakeUntilRefused(viewer);

        Assert.Equal((60, 20), (burst, oneSecondLater));
    }

    [Fact]
    public void Master_without_viewers_has_the_base_limit()
    {
        var master = ConnectionRateLimit.ForMaster(_options, new ChannelViewers(), _clock);

        var burst = TakeUntilRefused(master);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var oneSecondLater = TakeUntilRefused(master);

        Assert.Equal((60, 20), (burst, oneSecondLater));
    }

    [Fact]
    public void Each_viewer_that_joins_gives_the_master_its_burst_at_once_and_its_rate()
    {
        var viewers = new ChannelViewers();
        var master = ConnectionRateLimit.ForMaster(_options, viewers, _clock);
        Assert.Equal(60, TakeUntilRefused(master));

        Join(viewers, 100);
        var answeringTheCrowd = TakeUntilRefused(master);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var oneSecondLater = TakeUntilRefused(master);

        Assert.Equal((100 * 20, 20 + 100 * 5), (answeringTheCrowd, oneSecondLater));
    }

    [Fact]
    public void Master_that_connects_after_its_viewers_starts_with_their_burst()
    {
        var viewers = new ChannelViewers();
        Join(viewers, 10);

        var master = ConnectionRateLimit.ForMaster(_options, viewers, _clock);

        Assert.Equal(60 + 10 * 20, TakeUntilRefused(master));
    }

    [Fact]
    public void Viewers_that_leave_take_their_share_with_them()
    {
        var viewers = new ChannelViewers();
        var master = ConnectionRateLimit.ForMaster(_options, viewers, _clock);
        Join(viewers, 100);
        for (var i = 0; i < 100; i++)
        {
            viewers.Left();
        }

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(60, TakeUntilRefused(master));
        Assert.Equal(new MessageAllowance(20, 60), master.Allowance);
    }

    [Fact]
    public void Viewer_replacing_its_own_connection_is_not_counted_twice()
    {
        var viewers = new ChannelViewers();
        var master = ConnectionRateLimit.ForMaster(_options, viewers, _clock);
        viewers.Joining(replacesOlder: false);
        viewers.Joining(replacesOlder: true);

        Assert.Equal((1, 2L), (viewers.Connected, viewers.Joined));
        // Its new connection negotiates anew, but the saved burst never passes one viewer's worth.
        Assert.Equal(60 + 20, TakeUntilRefused(master));
    }

    [Fact]
    public void Master_allowance_scales_with_the_configured_share_per_viewer()
    {
        var options = new SignalingOptions { MessagesPerSecond = 10, MessageBurst = 30, MasterMessagesPerSecondPerViewer = 2.5, MasterMessageBurstPerViewer = 4 };

        Assert.Equal(new MessageAllowance(10, 30), MessageAllowance.ForMaster(options, 0));
        Assert.Equal(new MessageAllowance(10 + 150 * 2.5, 30 + 150 * 4), MessageAllowance.ForMaster(options, 150));
        Assert.Equal(new MessageAllowance(10, 30), MessageAllowance.ForViewer(options));
    }

    private static void Join(ChannelViewers viewers, int count)
    {
        for (var i = 0; i < count; i++)
        {
            viewers.Joining(replacesOlder: false);
        }
    }

    /// <summary>Messages let through, without the clock moving, before the first refusal.</summary>
    private static int TakeUntilRefused(ConnectionRateLimit limit)
    {
        var taken = 0;
        while (taken < 1_000_000 && limit.TryTake())
        {
            taken++;
        }
        return taken;
    }
}
