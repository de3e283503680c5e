using BroadcastOperator.WebRtc.Playout;

namespace BroadcastOperator.WebRtc.Tests.Playout;

/// <summary>Deterministic arrivals (20 ms Opus frames, 48 kHz RTP clock) against the jitter buffer's decisions.</summary>
public class JitterBufferTests
{
    private const int Frame = 960;
    private const ushort FirstSequence = 65530; // every test crosses the sequence wrap

    [Fact]
    public void Reordered_packets_come_out_in_sequence_order()
    {
        // Frames 1 and 4 are held up 25 ms, so 2 and 5 overtake them; a 40 ms depth covers it.
        var buffer = new JitterBuffer(new JitterBufferOptions { MinDepth = TimeSpan.FromMilliseconds(40) });
        var arrivals = Enumerable.Range(0, 10).Select(f => (f, At((f * 20) + (f is 1 or 4 ? 25 : 0)))).ToArray();
        var output = Run(buffer, arrivals, until: 400);

        Assert.Equal(Enumerable.Range(0, 10).Select(Seq), output.Select(o => o.Sequence));
        Assert.All(output, o => Assert.Equal(PlayoutKind.Packet, o.Kind));
        Assert.Equal(10, buffer.Played);
    }

    [Fact]
    public void A_duplicate_is_dropped_and_counted()
    {
        var buffer = new JitterBuffer();
        Assert.Equal(JitterInsertResult.Buffered, Insert(buffer, 0, At(0)));
        Assert.Equal(JitterInsertResult.Duplicate, Insert(buffer, 0, At(1)));

        var output = Run(buffer, [(1, At(20)), (2, At(40))], until: 200);

        Assert.Equal([Seq(0), Seq(1), Seq(2)], output.Select(o => o.Sequence));
        Assert.Equal(1, buffer.Duplicates);
    }

    [Fact]
    public void A_packet_that_comes_after_its_frame_was_given_up_is_dropped_as_late()
    {
        var buffer = new JitterBuffer(); // no jitter measured yet: depth 20 ms, so frame 1 is given up at 60 ms
        var output = Run(buffer, [(0, At(0)), (2, At(40)), (3, At(60))], until: 100);
        Assert.Equal(JitterInsertResult.Late, Insert(buffer, 1, At(100)));

        Assert.Equal(PlayoutKind.Fec, output.Single(o => o.Sequence == Seq(1)).Kind);
        Assert.Equal(1, buffer.Late);
    }

    [Fact]
    public void A_single_loss_is_rebuilt_from_the_next_packets_fec_which_is_handed_out()
    {
        var buffer = new JitterBuffer();
        var output = Run(buffer, [(0, At(0)), (1, At(20)), (3, At(60)), (4, At(80))], until: 200);

        var recovered = output.Single(o => o.Sequence == Seq(2));
        Assert.Equal(PlayoutKind.Fec, recovered.Kind);
        Assert.Equal(Payload(3), recovered.Payload); // the next packet carries the lost frame's LBRR copy
        Assert.Equal(Frame, recovered.Samples);
        Assert.Equal(1, buffer.FecRecovered);
        Assert.Equal(0, buffer.Concealed);
    }

    [Fact]
    public void A_lost_frame_is_given_up_only_once_a_later_packet_shows_it_missing_so_that_packet_rebuilds_it()
    {
        var buffer = new JitterBuffer();
        var output = Run(buffer, [(0, At(0)), (1, At(20)), (3, At(260)), (4, At(280))], until: 400); // 3 comes 200 ms late

        var recovered = output.Single(o => o.Sequence == Seq(2));
        Assert.Equal(PlayoutKind.Fec, recovered.Kind);
        Assert.Equal(0, buffer.Concealed);
    }

    [Fact]
    public void A_stall_of_the_whole_stream_loses_nothing()
    {
        // The sender's (or our) thread stalls 300 ms, then the held-up packets arrive in a burst: recognition gets
        // them all, late, rather than concealment followed by the real frames thrown away.
        var buffer = new JitterBuffer();
        var arrivals = Enumerable.Range(0, 30).Select(f => (f, At(f is >= 10 and < 25 ? 300 + f : f * 20))).ToArray();
        var output = Run(buffer, arrivals, until: 800);

        Assert.Equal(Enumerable.Range(0, 30).Select(Seq), output.Select(o => o.Sequence));
        Assert.All(output, o => Assert.Equal(PlayoutKind.Packet, o.Kind));
        Assert.Equal((0, 0), (buffer.Late, buffer.Concealed));
    }

    [Fact]
    public void A_delay_spike_deepens_the_buffer_so_the_next_one_is_not_late()
    {
        var buffer = new JitterBuffer();
        var arrivals = Enumerable.Range(0, 40).Select(f => (f, At((f * 20) + (f is 10 or 30 ? 50 : 0)))).ToArray();
        Run(buffer, arrivals, until: 1000);

        Assert.Equal(1, buffer.Late); // the first spike came after its frame was rebuilt; the second fit in the deeper buffer
        Assert.Equal(TimeSpan.FromMilliseconds(50), buffer.TargetDepth);
    }

    [Fact]
    public void Two_losses_in_a_row_conceal_the_first_and_rebuild_the_second()
    {
        var buffer = new JitterBuffer();
        var output = Run(buffer, [(0, At(0)), (3, At(60)), (4, At(80))], until: 200);

        Assert.Equal([PlayoutKind.Packet, PlayoutKind.Concealed, PlayoutKind.Fec, PlayoutKind.Packet, PlayoutKind.Packet], output.Select(o => o.Kind));
        Assert.Equal(1, buffer.Concealed);
        Assert.Equal(1, buffer.FecRecovered);
    }

    [Fact]
    public void When_the_sender_goes_quiet_nothing_is_concealed_the_sender_is_waited_for()
    {
        var buffer = new JitterBuffer();
        var output = Run(buffer, [(0, At(0))], until: 1000);

        Assert.Single(output);
        Assert.Null(buffer.NextDeadline);
    }

    [Fact]
    public void A_long_gap_is_skipped_not_concealed()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { MaxConcealedGap = 10 });
        var output = Run(buffer, [(0, At(0)), (30, At(600)), (31, At(620))], until: 800);

        Assert.Equal([Seq(0), Seq(30), Seq(31)], output.Select(o => o.Sequence));
        Assert.Equal(29, buffer.Skipped);
        Assert.Equal(0, buffer.Concealed);
    }

    [Fact]
    public void Depth_grows_with_jitter_within_its_bounds_and_frames_wait_for_it()
    {
        var steady = new JitterBuffer();
        var jittery = new JitterBuffer();
        var random = new Random(14);
        for (var i = 0; i < 200; i++)
        {
            Insert(steady, i, At(i * 20));
            Insert(jittery, i, At((i * 20) + random.Next(0, 40)));
            while (steady.TryPop(At((i * 20) + 100), out _) | jittery.TryPop(At((i * 20) + 100), out _))
            {
            }
        }

        Assert.Equal(TimeSpan.FromMilliseconds(20), steady.TargetDepth);
        Assert.InRange(jittery.TargetDepth.TotalMilliseconds, 30, 80);
        Assert.InRange(jittery.Jitter.TotalMilliseconds, 8, 20); // |D| of two U[0,40] draws averages 13.3 ms

        var bounded = new JitterBuffer(new JitterBufferOptions { JitterFactor = 100 });
        for (var i = 0; i < 50; i++)
        {
            Insert(bounded, i, At((i * 20) + (i % 2 * 30)));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(80), bounded.TargetDepth);
    }

    [Fact]
    public void A_frame_that_is_here_comes_out_at_once_and_a_missing_one_the_target_depth_after_a_later_packet()
    {
        var buffer = new JitterBuffer();
        Insert(buffer, 0, At(100));
        Assert.True(buffer.TryPop(At(100), out _));
        Assert.Null(buffer.NextDeadline);

        Insert(buffer, 2, At(140));
        Assert.False(buffer.TryPop(At(159), out _));
        Assert.Equal(At(160), buffer.NextDeadline);
        Assert.True(buffer.TryPop(At(160), out var rebuilt));
        Assert.Equal(PlayoutKind.Fec, rebuilt.Kind);
    }

    [Fact]
    public void A_sequence_jump_starts_a_new_stream()
    {
        var buffer = new JitterBuffer();
        Run(buffer, [(0, At(0)), (1, At(20))], until: 100);

        Assert.Equal(JitterInsertResult.NewStream, buffer.Insert(1000, 5_000_000, Payload(1000), At(200)));
        Assert.True(buffer.TryPop(At(220), out var frame));
        Assert.Equal(1000, frame.SequenceNumber);
        Assert.Equal(PlayoutKind.Packet, frame.Kind);
    }

    [Fact]
    public void Bad_input_is_refused_and_hurts_nothing()
    {
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 12 }));
        Assert.Throws<ArgumentException>(() => new JitterBuffer(new JitterBufferOptions { MinDepth = TimeSpan.FromMilliseconds(90) }));
        var buffer = new JitterBuffer();
        Assert.Equal(JitterInsertResult.TooLarge, buffer.Insert(1, 0, new byte[2000], At(0)));
        Assert.False(buffer.TryPop(At(1000), out _));

        var random = new Random(3550);
        for (var i = 0; i < 5000; i++)
        {
            buffer.Insert((ushort)random.Next(), (uint)random.Next(), new byte[random.Next(0, 100)], At(i));
            while (buffer.TryPop(At(i), out var frame))
            {
                Assert.True(frame.Samples > 0);
            }
        }
    }

    private static ushort Seq(int frame) => (ushort)(FirstSequence + frame);

    private static byte[] Payload(int frame) => [(byte)frame, 0xAB];

    private static TimeSpan At(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static JitterInsertResult Insert(JitterBuffer buffer, int frame, TimeSpan at) =>
        buffer.Insert(Seq(frame), (uint)(1000 + (frame * Frame)), Payload(frame), at);

    /// <summary>Inserts each arrival at its time and pops every millisecond up to <paramref name="until"/>.</summary>
    private static List<(ushort Sequence, PlayoutKind Kind, byte[] Payload, int Samples)> Run(JitterBuffer buffer, (int Frame, TimeSpan At)[] arrivals, int until)
    {
        var output = new List<(ushort, PlayoutKind, byte[], int)>();
        var pending = new Queue<(int Frame, TimeSpan At)>(arrivals.OrderBy(a => a.At));
        for (var ms = 0; ms <= until; ms++)
        {
            while (pending.Count > 0 && pending.Peek().At <= At(ms))
            {
                var (frame, at) = pending.Dequeue();
                Insert(buffer, frame, at);
            }

            while (buffer.TryPop(At(ms), out var frame))
            {
                output.Add((frame.SequenceNumber, frame.Kind, frame.Payload.ToArray(), frame.Samples));
            }
        }

        return output;
    }
}
