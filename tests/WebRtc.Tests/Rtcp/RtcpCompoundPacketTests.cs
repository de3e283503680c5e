using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Rtcp;

public class RtcpCompoundPacketTests
{
    // SR (1 report block) + SDES CNAME "abc", as a browser sends them.
    internal static readonly byte[] SenderReportWithSdes = Hex.Parse("""
        81 c8 00 0c 11 22 33 44
        e8 4f 2d 91 10 00 00 00 00 01 e2 40 00 00 00 32 00 00 1f 40
        55 66 77 88 05 00 00 07 00 01 00 10 00 00 00 14 2d 91 10 00 00 01 00 00
        81 ca 00 03 11 22 33 44 01 03 61 62 63 00 00 00
        """);

    [Fact]
    public void Sender_report_and_sdes_compound_parses()
    {
        Assert.True(RtcpCompoundPacket.TryParse(SenderReportWithSdes, out var packets));

        var sr = Assert.IsType<SenderReport>(packets[0]);
        Assert.Equal(0x11223344u, sr.Ssrc);
        Assert.Equal(0xe84f2d9110000000ul, sr.NtpTimestamp);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(50u, sr.PacketCount);
        Assert.Equal(8000u, sr.OctetCount);
        var block = Assert.Single(sr.Reports);
        Assert.Equal(new ReceptionReport(0x55667788, 5, 7, 0x10010, 20, 0x2d911000, 0x10000), block);
        var sdes = Assert.IsType<SourceDescription>(packets[1]);
        Assert.Equal("abc", sdes.Chunks[0].Items[0].Text);
        Assert.Equal(SdesItem.CName, sdes.Chunks[0].Items[0].Type);
        Assert.Equal(SenderReportWithSdes, RtcpCompoundPacket.ToArray([.. packets]));
    }

    /// <summary>Captured from Debian's Chromium 156 (after SRTCP) by the browser test: SR with no blocks plus SDES CNAME.</summary>
    internal static readonly byte[] ChromiumSenderReport = Hex.Parse(
        "80C80006D57C047BEEB3D826918E53EB6FBB87820000004800000D2C81CA0006D57C047B01107A79353952724555346D4863427443770000");

    [Fact]
    public void Chromium_sender_report_parses_and_round_trips()
    {
        Assert.True(RtcpCompoundPacket.TryParse(ChromiumSenderReport, out var packets));

        var sr = Assert.IsType<SenderReport>(packets[0]);
        Assert.Equal(0xD57C047Bu, sr.Ssrc);
        Assert.Equal(72u, sr.PacketCount);
        Assert.Empty(sr.Reports);
        Assert.Equal("zy59RrEU4mHcBtCw", Assert.IsType<SourceDescription>(packets[1]).Chunks[0].Items[0].Text);
        Assert.Equal(ChromiumSenderReport, RtcpCompoundPacket.ToArray([.. packets]));
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Parse("80C90001D57C047B"), out var empty));
        Assert.Empty(Assert.IsType<ReceiverReport>(Assert.Single(empty)).Reports);
    }

    [Fact]
    public void Every_packet_kind_round_trips_in_one_compound()
    {
        IRtcpPacket[] packets =
        [
            new ReceiverReport(1, [new ReceptionReport(2, 10, -3, 70000, 9, 1, 2)]),
            new SourceDescription([new SdesChunk(1, [new SdesItem(SdesItem.CName, "x"), new SdesItem(6, "tool")]), new SdesChunk(9, [])]),
            new GenericNack(1, 2, [new NackEntry(100, 0b101), new NackEntry(65535, 0)]),
            new PictureLossIndication(1, 2),
            new UnknownRtcpPacket(RtcpPacketType.Application, 3, [1, 2, 3, 4]),
            new Goodbye([1, 2], "done"),
        ];

        var bytes = RtcpCompoundPacket.ToArray(packets);

        Assert.True(RtcpCompoundPacket.TryParse(bytes, out var parsed));
        Assert.Equal(packets, parsed);
    }

    [Fact]
    public void Nack_lists_the_lost_sequence_numbers_across_wrap()
    {
        var nack = new GenericNack(1, 2, [new NackEntry(65534, 0b11)]);

        Assert.Equal([65534, 65535, 0], nack.LostSequenceNumbers().Select(s => (int)s));
    }

    [Fact]
    public void Random_reports_round_trip()
    {
        var random = new Random(4585);
        for (var i = 0; i < 300; i++)
        {
            var reports = Enumerable.Range(0, random.Next(32))
                .Select(_ => new ReceptionReport((uint)random.Next(), (byte)random.Next(256), random.Next(-0x800000, 0x800000), (uint)random.Next(), (uint)random.Next(), (uint)random.Next(), (uint)random.Next()))
                .ToArray();
            IRtcpPacket packet = random.Next(2) == 0
                ? new SenderReport((uint)random.Next(), (ulong)random.NextInt64(), (uint)random.Next(), (uint)random.Next(), (uint)random.Next(), reports)
                : new ReceiverReport((uint)random.Next(), reports);

            var bytes = RtcpCompoundPacket.ToArray(packet);
            Assert.True(RtcpCompoundPacket.TryParse(bytes, out var parsed));
            Assert.Equal(packet, Assert.Single(parsed));
            Assert.Equal(bytes, RtcpCompoundPacket.ToArray([.. parsed]));
        }
    }

    [Fact]
    public void Padding_on_the_last_packet_is_stripped()
    {
        var bye = new Goodbye([7]).ToBytes();
        var padded = new byte[bye.Length + 4];
        bye.CopyTo(padded, 0);
        padded[0] |= 0x20;
        padded[3] += 1;
        padded[^1] = 4;

        Assert.True(RtcpCompoundPacket.TryParse(padded, out var parsed));
        Assert.Equal(new Goodbye([7]), Assert.Single(parsed));
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        var seed = RtcpCompoundPacket.ToArray(
            new ReceiverReport(1, [new ReceptionReport(2, 1, 1, 1, 1, 1, 1)]),
            new SourceDescription([new SdesChunk(1, [new SdesItem(1, "cname")])]),
            new GenericNack(1, 2, [new NackEntry(1, 1)]),
            new Goodbye([1], "bye"));
        foreach (var input in Mutations.Of(3550, 500, SenderReportWithSdes, ChromiumSenderReport, seed))
        {
            if (RtcpCompoundPacket.TryParse(input, out var packets))
            {
                Assert.NotEmpty(packets);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("81 c8 00 0c 11 22 33 44")]             // length beyond the datagram
    [InlineData("41 c9 00 01 11 22 33 44")]             // version 1
    [InlineData("81 c9 00 01 11 22 33 44")]             // RR claims a report block it lacks
    [InlineData("a0 cb 00 01 00 00 00 00")]             // padding count 0
    [InlineData("81 ca 00 02 11 22 33 44 01 09 61 62")] // SDES item longer than the packet
    public void Malformed_compounds_are_rejected(string dump)
    {
        Assert.False(RtcpCompoundPacket.TryParse(Hex.Parse(dump), out _));
    }
}

internal static class RtcpTestExtensions
{
    public static byte[] ToBytes(this IRtcpPacket packet) => RtcpCompoundPacket.ToArray(packet);
}
