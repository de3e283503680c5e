using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

public class RolloverCounterTests
{
    [Theory]
    [InlineData(0x0000_FFF0UL, (ushort)0x0005, 0x0001_0005UL)] // wrapped forward: ROC + 1
    [InlineData(0x0001_0005UL, (ushort)0xFFF0, 0x0000_FFF0UL)] // late packet from before the wrap: ROC - 1
    [InlineData(0x0001_0005UL, (ushort)0x0009, 0x0001_0009UL)] // same ROC
    [InlineData(0x0003_8000UL, (ushort)0x0001, 0x0003_0001UL)] // exactly half: still the same ROC
    [InlineData(0x0003_9000UL, (ushort)0x0001, 0x0004_0001UL)]
    public void Index_is_the_candidate_nearest_the_highest_seen(ulong highest, ushort sequence, ulong expected)
    {
        Assert.True(RolloverCounter.TryEstimateIndex(highest, sequence, out var index));
        Assert.Equal(expected, index);
    }

    [Fact]
    public void A_packet_from_before_the_first_rollover_counter_is_refused()
    {
        Assert.False(RolloverCounter.TryEstimateIndex(0x0000_0005UL, 0xFFF0, out _));
    }

    [Fact]
    public void A_rollover_past_the_32_bit_counter_is_refused()
    {
        Assert.False(RolloverCounter.TryEstimateIndex(0xFFFF_FFFF_FFF0UL, 0x0005, out _));
    }
}
