using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Rtp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Rtcp;

public class ReceptionStatisticsTests
{
    [Fact]
    public void Losses_across_a_sequence_wrap_are_reported_in_total_and_per_interval()
    {
        var time = new ManualTimeProvider();
        var statistics = new ReceptionStatistics(42);
        ushort[] arrived = [65530, 65531, 65533, 65534, 0, 1, 4, 5]; // 65532, 65535, 2 and 3 lost

        foreach (var sequence in arrived)
        {
            statistics.OnPacket(Header(sequence), TimeSpan.FromMilliseconds(20 * sequence));
        }

        var report = statistics.CreateReport(time);
        Assert.Equal(42u, report.Ssrc);
        Assert.Equal(4, report.CumulativeLost);
        Assert.Equal((uint)(65536 + 5), report.ExtendedHighestSequence);
        Assert.Equal(4 * 256 / 12, report.FractionLost);

        statistics.OnPacket(Header(6), TimeSpan.Zero);
        Assert.Equal(0, statistics.CreateReport(time).FractionLost); // nothing lost since the last report
    }

    [Fact]
    public void Last_sender_report_timing_is_echoed()
    {
        var time = new ManualTimeProvider();
        var statistics = new ReceptionStatistics(7);
        statistics.OnPacket(Header(1), TimeSpan.Zero);
        statistics.OnSenderReport(new SenderReport(7, 0x0001_2345_6789_0000, 0, 1, 1, []), time.GetTimestamp());

        time.Advance(TimeSpan.FromSeconds(0.5));
        var report = statistics.CreateReport(time);

        Assert.Equal(0x2345_6789u, report.LastSenderReport);
        Assert.Equal(32768u, report.DelaySinceLastSenderReport);
    }

    private static RtpHeader Header(ushort sequence) =>
        new(false, 111, sequence, (uint)sequence * 960, 42, 0, false, 0, 0, RtpHeader.FixedLength, 0);
}
