using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

public class ReplayWindowTests
{
    [Fact]
    public void Fresh_window_accepts_anything()
    {
        var window = new ReplayWindow();

        Assert.False(window.IsReplay(0));
        Assert.False(window.IsReplay(ulong.MaxValue >> 16));
    }

    [Fact]
    public void Window_remembers_the_last_128_indices_and_refuses_older_ones()
    {
        var window = new ReplayWindow();
        window.Accept(1000);
        window.Accept(990);

        Assert.True(window.IsReplay(1000));
        Assert.True(window.IsReplay(990));
        Assert.False(window.IsReplay(991));
        Assert.False(window.IsReplay(1000 - 127));
        Assert.True(window.IsReplay(1000 - 128));
        Assert.False(window.IsReplay(1001));
    }

    [Fact]
    public void Big_jump_forgets_the_old_map_but_keeps_the_new_highest()
    {
        var window = new ReplayWindow();
        window.Accept(5);
        window.Accept(5 + 1000);

        Assert.Equal(1005UL, window.Highest);
        Assert.True(window.IsReplay(1005));
        Assert.False(window.IsReplay(1004));
        Assert.True(window.IsReplay(5));
    }

    [Fact]
    public void Small_advance_shifts_the_map()
    {
        var window = new ReplayWindow();
        for (ulong i = 0; i < 300; i += 2)
        {
            window.Accept(i);
        }

        for (ulong i = 300 - 127; i < 300; i++)
        {
            Assert.Equal(i % 2 == 0, window.IsReplay(i));
        }
    }
}
