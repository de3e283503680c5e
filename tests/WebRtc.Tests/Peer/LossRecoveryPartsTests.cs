using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Tests.Peer;

/// <summary>The pieces a peer uses against loss: RED wrapping, the retransmission buffer, NACK requests, duplicate suppression.</summary>
public class LossRecoveryPartsTests
{
    [Fact]
    public void Red_sender_carries_the_previous_frame_in_the_next_packet()
    {
        var red = new RedSender(63);
        var buffer = new byte[200];

        var first = red.Wrap(buffer, Packet(buffer, sequence: 10, timestamp: 1000, [1, 2, 3]));
        var second = red.Wrap(buffer, Packet(buffer, sequence: 11, timestamp: 1960, [4, 5]));

        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, second), out var header));
        Assert.Equal(63, header.PayloadType);
        Span<RedBlock> blocks = stackalloc RedBlock[4];
        Assert.True(RedPayload.TryParse(buffer.AsSpan(header.PayloadOffset, header.PayloadLength(second)), blocks, out var count));
        Assert.Equal(2, count);
        Assert.Equal(960, blocks[0].TimestampOffset);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer.AsSpan(header.PayloadOffset + blocks[0].Offset, blocks[0].Length).ToArray());
        Assert.Equal(new byte[] { 4, 5 }, buffer.AsSpan(header.PayloadOffset + blocks[1].Offset, blocks[1].Length).ToArray());
        Assert.Equal(RtpHeader.FixedLength + 1 + 3, first); // the first packet has nothing to repeat
    }

    [Fact]
    public void Retransmission_buffer_gives_back_a_held_packet_once_per_interval_and_forgets_overwritten_ones()
    {
        var buffer = new RetransmissionBuffer();
        var interval = RetransmissionBuffer.MinResendInterval.Ticks;
        buffer.Store([1, 2, 3], 100, now: 0);
        var into = new byte[10];

        Assert.False(buffer.TryTake(100, now: 1, interval, into, out _)); // just sent: the NACK crossed it
        Assert.True(buffer.TryTake(100, now: interval, interval, into, out var length));
        Assert.Equal(new byte[] { 1, 2, 3 }, into[..length]);
        Assert.False(buffer.TryTake(100, now: interval + 1, interval, into, out _));

        buffer.Store([9], (ushort)(100 + RetransmissionBuffer.Capacity), now: 0);
        Assert.False(buffer.TryTake(100, now: 10 * interval, interval, into, out _));
    }

    [Fact]
    public void Nack_requester_asks_for_a_gap_at_once_then_again_until_it_arrives()
    {
        var requester = new NackRequester();
        requester.OnReceived(65530, TimeSpan.Zero);
        requester.OnReceived(2, TimeSpan.FromMilliseconds(20)); // 65531..1 lost across the wrap

        var first = requester.Due(TimeSpan.FromMilliseconds(20));
        Assert.Equal([65531, 65532, 65533, 65534, 65535, 0, 1], new GenericNack(1, 2, first).LostSequenceNumbers().ToArray());
        Assert.Empty(requester.Due(TimeSpan.FromMilliseconds(30)));

        requester.OnReceived(65531, TimeSpan.FromMilliseconds(40));
        var retry = requester.Due(TimeSpan.FromMilliseconds(20) + NackRequester.RetryInterval);
        Assert.DoesNotContain((ushort)65531, new GenericNack(1, 2, retry).LostSequenceNumbers());
        Assert.Contains((ushort)1, new GenericNack(1, 2, retry).LostSequenceNumbers());
    }

    [Fact]
    public void Nack_requester_gives_up_after_its_tries()
    {
        var requester = new NackRequester();
        requester.OnReceived(1, TimeSpan.Zero);
        requester.OnReceived(3, TimeSpan.Zero);

        var asked = Enumerable.Range(0, 10).Sum(i => requester.Due(NackRequester.RetryInterval * i).Length);

        Assert.Equal(NackRequester.MaxRequests, asked);
    }

    [Fact]
    public void Nack_entries_pack_up_to_sixteen_following_losses_in_the_bitmask()
    {
        var entries = NackRequester.Pack([10, 11, 26, 27]);

        Assert.Equal([new NackEntry(10, 0b1000_0000_0000_0001), new NackEntry(27, 0)], entries);
    }

    [Fact]
    public void Delivered_window_passes_each_sequence_number_once()
    {
        var window = new DeliveredWindow();

        Assert.True(window.TryMark(65535));
        Assert.True(window.TryMark(1));
        Assert.True(window.TryMark(0)); // late, not seen
        Assert.False(window.TryMark(0));
        Assert.False(window.TryMark(65535));
        Assert.True(window.TryMark(200));
        Assert.False(window.TryMark(2)); // too old to play
    }

    private static int Packet(Span<byte> buffer, ushort sequence, uint timestamp, byte[] payload)
    {
        RtpHeader.WriteFixed(buffer, false, 111, sequence, timestamp, 42);
        payload.CopyTo(buffer[RtpHeader.FixedLength..]);
        return RtpHeader.FixedLength + payload.Length;
    }
}
