using BroadcastOperator.WebRtc.Rtp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Rtp;

public class RtpPacketTests
{
    // V=2 P=1 X=1 CC=2, M=1 PT=111, seq 0x1234, ts 0xdeadbeef, ssrc 0x01020304, 2 CSRCs,
    // one-byte extension header (0xBEDE, 1 word: id 1 len 1 = audio level), payload "opus", 4 bytes padding.
    internal static readonly byte[] FullFeatured = Hex.Parse("""
        b2 ef 12 34 de ad be ef 01 02 03 04
        aa aa aa aa bb bb bb bb
        be de 00 01 10 7f 00 00
        6f 70 75 73
        00 00 00 04
        """);

    [Fact]
    public void Header_with_csrcs_extension_and_padding_parses()
    {
        Assert.True(RtpPacket.TryParse(FullFeatured, out var packet));

        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0xdeadbeefu, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal([0xaaaaaaaau, 0xbbbbbbbbu], packet.Csrcs);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(new byte[] { 0x10, 0x7f, 0, 0 }, packet.Extension);
        Assert.Equal("opus"u8.ToArray(), packet.Payload);
        Assert.Equal(4, packet.PaddingLength);
        Assert.Equal(FullFeatured, packet.ToArray());
    }

    [Fact]
    public void Random_packets_round_trip()
    {
        var random = new Random(3550);
        for (var i = 0; i < 500; i++)
        {
            var packet = new RtpPacket
            {
                Marker = random.Next(2) == 1,
                PayloadType = (byte)random.Next(128),
                SequenceNumber = (ushort)random.Next(65536),
                Timestamp = (uint)random.NextInt64(uint.MaxValue),
                Ssrc = (uint)random.NextInt64(uint.MaxValue),
                Csrcs = Enumerable.Range(0, random.Next(16)).Select(_ => (uint)random.NextInt64(uint.MaxValue)).ToArray(),
                ExtensionProfile = 0xBEDE,
                Extension = random.Next(2) == 1 ? RandomBytes(random, 4 * random.Next(5)) : null,
                Payload = RandomBytes(random, random.Next(200)),
                PaddingLength = random.Next(2) == 1 ? random.Next(1, 256) : 0,
            };

            var bytes = packet.ToArray();
            Assert.True(RtpPacket.TryParse(bytes, out var parsed));
            Assert.Equal(bytes, parsed.ToArray());
            Assert.Equal(packet.Payload, parsed.Payload);
        }
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        foreach (var input in Mutations.Of(7, 500, FullFeatured))
        {
            if (RtpPacket.TryParse(input, out var packet))
            {
                Assert.True(RtpHeader.TryParse(input, out var header));
                Assert.Equal(input.Length, header.HeaderLength + packet.Payload.Length + header.PaddingLength);
            }
        }
    }

    [Theory]
    [InlineData("80 6f 00 01 00 00 00 01 00 00 00")]                       // shorter than the fixed header
    [InlineData("40 6f 00 01 00 00 00 01 00 00 00 01")]                    // version 1
    [InlineData("81 6f 00 01 00 00 00 01 00 00 00 01")]                    // CSRC count beyond the end
    [InlineData("90 6f 00 01 00 00 00 01 00 00 00 01 be de 00 02 00 00")]  // extension longer than the packet
    [InlineData("a0 6f 00 01 00 00 00 01 00 00 00 01 00 00 00 00")]        // padding count 0
    [InlineData("a0 6f 00 01 00 00 00 01 00 00 00 01 00 09")]              // padding past the header
    public void Malformed_packets_are_rejected(string dump)
    {
        Assert.False(RtpPacket.TryParse(Hex.Parse(dump), out _));
    }

    [Fact]
    public void Packetizer_advances_sequence_and_timestamp_by_frame()
    {
        var packetizer = new RtpPacketizer(0xCAFEBABE, 111);
        var buffer = new byte[100];
        var first = packetizer.Packetize([1, 2, 3], 960, buffer, marker: true);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, first), out var a));
        packetizer.Packetize([4, 5], 960, buffer);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, 14), out var b));

        Assert.True(a.Marker);
        Assert.Equal(0xCAFEBABEu, b.Ssrc);
        Assert.Equal(1, RtpSequence.Distance(a.SequenceNumber, b.SequenceNumber));
        Assert.Equal(960u, b.Timestamp - a.Timestamp);
        Assert.Equal(2, b.PayloadLength(14));
    }

    [Fact]
    public void Sequence_helpers_handle_wrap_around()
    {
        Assert.True(RtpSequence.IsNewer(0, 65535));
        Assert.False(RtpSequence.IsNewer(65535, 0));
        Assert.Equal(2, RtpSequence.Distance(65535, 1));
        Assert.True(RtpSequence.IsNewerTimestamp(5, uint.MaxValue - 5));

        var unwrapper = new SequenceUnwrapper();
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65535, unwrapper.Unwrap(65535)); // late packet from before the wrap
        Assert.Equal(65538, unwrapper.Unwrap(2));
    }

    [Fact]
    public void First_byte_ranges_follow_rfc7983()
    {
        Assert.True(RtpHeader.LooksLikeRtpOrRtcp([0x80]));
        Assert.False(RtpHeader.LooksLikeRtpOrRtcp([0x16]));
        Assert.True(RtpHeader.IsRtcp([0x80, 200]));
        Assert.False(RtpHeader.IsRtcp([0x80, 111]));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

public class RtpHeaderExtensionTests
{
    [Fact]
    public void One_byte_audio_level_is_read_from_a_packet()
    {
        Assert.True(RtpHeader.TryParse(RtpPacketTests.FullFeatured, out var header));

        Assert.True(RtpHeaderExtension.TryGetAudioLevel(RtpPacketTests.FullFeatured, header, id: 1, out var level, out var voice));

        Assert.Equal(127, level);
        Assert.False(voice);
        Assert.False(RtpHeaderExtension.TryGetAudioLevel(RtpPacketTests.FullFeatured, header, id: 2, out _, out _));
    }

    [Fact]
    public void Elements_are_found_past_padding_in_both_forms()
    {
        byte[] oneByte = [0x10, 0x85, 0x00, 0x22, 0xAA, 0xBB, 0xCC, 0x00];
        byte[] twoByte = [0x00, 0x03, 0x02, 0x11, 0x22, 0x07, 0x00, 0x00];

        Assert.True(RtpHeaderExtension.TryFind(RtpHeaderExtension.OneByteProfile, oneByte, 2, out var a));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, a.ToArray());
        Assert.True(RtpHeaderExtension.TryFind(0x1000, twoByte, 3, out var b));
        Assert.Equal(new byte[] { 0x11, 0x22 }, b.ToArray());
        Assert.True(RtpHeaderExtension.TryFind(0x1000, twoByte, 7, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(RtpHeaderExtension.TryFind(0x1234, oneByte, 1, out _));
    }

    [Fact]
    public void Random_extension_blocks_never_throw()
    {
        var random = new Random(8285);
        var block = new byte[32];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(block);
            var length = random.Next(block.Length + 1);
            RtpHeaderExtension.TryFind(i % 2 == 0 ? RtpHeaderExtension.OneByteProfile : (ushort)0x1000, block.AsSpan(0, length), random.Next(256), out var value);
            Assert.True(value.Length <= length);
        }
    }
}
