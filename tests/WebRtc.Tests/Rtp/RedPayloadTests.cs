using BroadcastOperator.WebRtc.Rtp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Rtp;

public class RedPayloadTests
{
    [Fact]
    public void One_redundant_block_and_the_primary_are_written_as_rfc_2198_lays_them_out()
    {
        var destination = new byte[64];

        var written = RedPayload.WriteTo(destination, 111, [0xAA, 0xBB, 0xCC], 960, [0x01, 0x02]);

        // F=1|PT=111, offset 960 (14 bits) and length 3 (10 bits); then F=0|PT=111; then the blocks, oldest first.
        Assert.Equal(Hex.Parse("ef 0f 00 03 6f aa bb cc 01 02"), destination[..written]);
    }

    [Fact]
    public void Parse_finds_the_blocks_that_write_wrote()
    {
        var payload = new byte[64];
        var written = RedPayload.WriteTo(payload, 111, [9, 8, 7, 6], 1920, [1, 2, 3]);
        Span<RedBlock> blocks = stackalloc RedBlock[4];

        Assert.True(RedPayload.TryParse(payload.AsSpan(0, written), blocks, out var count));

        Assert.Equal(2, count);
        Assert.Equal(new RedBlock(111, 1920, 5, 4), blocks[0]);
        Assert.Equal(new RedBlock(111, 0, 9, 3), blocks[1]);
    }

    [Fact]
    public void Without_redundancy_the_payload_is_one_header_byte_and_the_primary()
    {
        var payload = new byte[8];

        var written = RedPayload.WriteTo(payload, 111, [], 0, [5, 6]);

        Assert.Equal(new byte[] { 111, 5, 6 }, payload[..written]);
    }

    [Fact]
    public void The_primary_may_already_sit_at_the_start_of_the_destination()
    {
        var buffer = new byte[32];
        new byte[] { 1, 2, 3 }.CopyTo(buffer, 0);

        var written = RedPayload.WriteTo(buffer, 111, [7, 7], 960, buffer.AsSpan(0, 3));

        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[(written - 3)..written]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ef")] // a redundant header cut short
    [InlineData("ef 0f 00 09 6f 01")] // a redundant block longer than the payload
    [InlineData("ef 0f 00 01 ef 0f 00 01")] // no primary header
    public void Malformed_payloads_are_refused(string hex)
    {
        Span<RedBlock> blocks = stackalloc RedBlock[4];

        Assert.False(RedPayload.TryParse(Hex.Parse(hex), blocks, out _));
    }

    [Fact]
    public void Random_and_mutated_payloads_never_throw()
    {
        var valid = new byte[32];
        var length = RedPayload.WriteTo(valid, 111, [1, 2, 3, 4, 5], 960, [6, 7, 8]);
        Span<RedBlock> blocks = stackalloc RedBlock[8];
        foreach (var input in Mutations.Of(2198, 2000, valid[..length]))
        {
            if (RedPayload.TryParse(input, blocks, out var count))
            {
                for (var b = 0; b < count; b++)
                {
                    Assert.InRange(blocks[b].Offset + blocks[b].Length, 0, input.Length);
                }
            }
        }
    }

    [Fact]
    public void A_block_too_long_or_too_old_for_the_header_fields_cannot_be_carried()
    {
        Assert.False(RedPayload.CanCarry(1024, 960));
        Assert.False(RedPayload.CanCarry(10, 16384));
        Assert.True(RedPayload.CanCarry(1023, 16383));
    }
}
