using BroadcastOperator.MediaWorker.Archive.Ogg;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

public sealed class OggPageTests
{
    [Fact]
    public void The_checksum_is_the_unreflected_crc32_of_rfc_3533_not_zlibs()
    {
        // CRC-32/POSIX (same polynomial, init 0, unreflected) checks "123456789" as 0x765E7680 after its final XOR;
        // Ogg has no final XOR, so its value is the complement.
        Assert.Equal(0x89A1897Fu, OggCrc.Compute("123456789"u8));
        Assert.Equal(0u, OggCrc.Compute([]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(510)]
    [InlineData(1275)]
    public void A_page_round_trips_packets_of_every_lacing_shape(int length)
    {
        var packets = new[] { Bytes(length, 1), Bytes(3, 2), Bytes(length, 3) };
        var page = new OggPage(OggPage.BeginningOfStream, 123_456, 0xCAFE, 7, packets.Select(p => (ReadOnlyMemory<byte>)p).ToList());
        var buffer = new byte[page.GetSerializedSize()];
        Assert.Equal(buffer.Length, page.WriteTo(buffer));

        Assert.True(OggPage.TryParse(buffer, out var parsed, out var consumed));
        Assert.Equal(buffer.Length, consumed);
        Assert.Equal((OggPage.BeginningOfStream, 123_456L, 0xCAFEu, 7u), (parsed.HeaderType, parsed.GranulePosition, parsed.Serial, parsed.Sequence));
        Assert.Equal(packets.Length, parsed.Packets.Count);
        for (var i = 0; i < packets.Length; i++)
        {
            Assert.Equal(packets[i], parsed.Packets[i].ToArray());
        }
    }

    [Fact]
    public void A_page_refuses_more_than_255_lacing_values()
    {
        var page = new OggPage(0, 0, 1, 0, Enumerable.Range(0, 128).Select(_ => (ReadOnlyMemory<byte>)new byte[300]).ToList());
        Assert.Throws<InvalidOperationException>(() => page.WriteTo(new byte[page.GetSerializedSize()]));
    }

    [Fact]
    public void A_flipped_bit_fails_the_checksum_and_random_bytes_never_throw()
    {
        var page = new OggPage(0, 960, 1, 2, [Bytes(100, 9)]);
        var buffer = new byte[page.GetSerializedSize()];
        page.WriteTo(buffer);
        var random = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])buffer.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(OggPage.TryParse(mutated, out _, out _)); // a CRC catches every single-bit error
            var noise = new byte[random.Next(0, 400)];
            random.NextBytes(noise);
            OggPage.TryParse(noise, out _, out _);
            OggPage.TryParse(mutated.AsSpan(0, random.Next(mutated.Length)), out _, out _);
        }
        buffer[^1] ^= 0x01;
        Assert.False(OggPage.TryParse(buffer, out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xF8 }, 960)]          // CELT FB 20 ms, one frame
    [InlineData(new byte[] { 0x78 }, 960)]          // hybrid FB 20 ms (config 15)
    [InlineData(new byte[] { 0xF9 }, 1920)]         // two equal frames
    [InlineData(new byte[] { 0xFB, 0x03 }, 2880)]   // code 3: three frames
    [InlineData(new byte[] { 0x18 }, 2880)]         // SILK NB 60 ms
    [InlineData(new byte[] { 0x1B, 0x03 }, 0)]      // 3 × 60 ms is over the 120 ms limit
    [InlineData(new byte[] { 0xFB }, 0)]            // code 3 without its count byte
    [InlineData(new byte[0], 0)]
    public void A_packets_duration_comes_from_its_toc(byte[] packet, int samples) =>
        Assert.Equal(samples, OpusPacketDuration.Samples(packet));

    private static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();
}
