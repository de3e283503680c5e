using BroadcastOperator.WebRtc.Srtp;
using static BroadcastOperator.WebRtc.Tests.Srtp.SrtpTestData;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

public class SrtpContextTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Rtp_round_trips_and_payload_is_encrypted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var plain = RtpPacket(1000);

        var packet = ProtectRtp(sender, plain);

        Assert.Equal(plain.Length + profile.RtpOverhead(), packet.Length);
        Assert.Equal(plain[..12], packet[..12]);
        Assert.NotEqual(plain[12..], packet[12..plain.Length]);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Rtp_with_csrcs_and_header_extension_keeps_the_header_in_clear(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        // CC=1, X=1, one-word extension, then 5 payload bytes.
        var plain = Hex("92 6f 0001 00000000 11111111 22222222 bede0001 10aa0000 0102030405");

        var packet = ProtectRtp(sender, plain);

        Assert.Equal(plain[..24], packet[..24]);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Rtcp_round_trips_encrypted_with_the_e_flag_set(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var plain = RtcpReceiverReport();

        var packet = ProtectRtcp(sender, plain);

        Assert.Equal(plain.Length + profile.RtcpOverhead(), packet.Length);
        var indexWordOffset = profile == SrtpProfile.AeadAes128Gcm ? packet.Length - 4 : plain.Length;
        Assert.Equal(0x80, packet[indexWordOffset] & 0x80);
        Assert.NotEqual(plain[8..], packet[8..plain.Length]);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Replayed_rtp_packet_is_dropped_and_counted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packet = ProtectRtp(sender, RtpPacket(7));
        var replay = (byte[])packet.Clone();

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(replay, out _));
        Assert.Equal(1, receiver.Drops.Replayed);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Replayed_rtcp_packet_is_dropped_and_counted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packet = ProtectRtcp(sender, RtcpReceiverReport());
        var replay = (byte[])packet.Clone();

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtcp(replay, out _));
        Assert.Equal(1, receiver.Drops.Replayed);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Bad_tag_is_dropped_counted_and_does_not_burn_the_index(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var genuine = ProtectRtp(sender, RtpPacket(42));
        var tampered = (byte[])genuine.Clone();
        tampered[^1] ^= 0x01;
        var flippedPayload = (byte[])genuine.Clone();
        flippedPayload[20] ^= 0x80;

        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(tampered, out _));
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(flippedPayload, out _));
        Assert.Equal(2, receiver.Drops.AuthenticationFailed);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(genuine, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Rtcp_with_flipped_encryption_flag_fails_authentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var plain = RtcpReceiverReport();
        var packet = ProtectRtcp(sender, plain);
        var indexWordOffset = profile == SrtpProfile.AeadAes128Gcm ? packet.Length - 4 : plain.Length;
        packet[indexWordOffset] ^= 0x80;

        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(packet, out _));
        Assert.Equal(1, receiver.Drops.AuthenticationFailed);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Keys_from_another_master_key_fail_authentication(SrtpProfile profile)
    {
        using var sender = SrtpContext.Create(profile, new byte[16], new byte[profile.MasterSaltLength()]);
        var (_, receiver) = Pair(profile);
        using var r = receiver;

        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(ProtectRtp(sender, RtpPacket(1)), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Sequence_rollover_from_65535_to_0_keeps_decrypting(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;

        // Across the wrap, with one reordered pair around it; the receiver must guess ROC=1 for 0..2.
        ushort[] sent = [65533, 65534, 65535, 0, 1, 2];
        var packets = sent.Select(seq => (Seq: seq, Packet: ProtectRtp(sender, RtpPacket(seq)))).ToList();
        (packets[2], packets[3]) = (packets[3], packets[2]);

        foreach (var (seq, packet) in packets)
        {
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out var length));
            Assert.Equal(RtpPacket(seq), packet[..length]);
        }

        Assert.Equal(0, receiver.Drops.Total);
    }

    [Fact]
    public void Rollover_counter_enters_the_authentication_tag_so_a_fresh_receiver_rejects_roc_1_packets()
    {
        var (sender, receiver) = Pair(SrtpProfile.AesCm128HmacSha1_80);
        using var s = sender;
        using var r = receiver;
        ProtectRtp(sender, RtpPacket(65535));
        var afterWrap = ProtectRtp(sender, RtpPacket(5)); // sender is now at ROC 1

        // A receiver that never saw the wrap assumes ROC 0: the tag cannot match.
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(afterWrap, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Out_of_order_packets_inside_the_window_are_accepted_once(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packets = Enumerable.Range(0, 200).Select(i => ProtectRtp(sender, RtpPacket((ushort)i))).ToArray();

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[199], out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[199 - 127], out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp((byte[])packets[199 - 128].Clone(), out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[150], out _));
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(ProtectRtp(sender, RtpPacket(150)), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Each_ssrc_has_its_own_replay_window(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(ProtectRtp(sender, RtpPacket(9, ssrc: 1)), out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(ProtectRtp(sender, RtpPacket(9, ssrc: 2)), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Protect_without_room_for_the_tag_reports_buffer_too_small(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        using var s = sender;
        var plain = RtpPacket(1);
        var buffer = new byte[plain.Length + profile.RtpOverhead() - 1];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(buffer, plain.Length, out _));
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(buffer, buffer.Length + 1, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Truncated_packets_are_malformed_not_exceptions(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packet = ProtectRtp(sender, RtpPacket(3));

        for (var length = 0; length < 12 + profile.RtpOverhead(); length++)
        {
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(packet.AsSpan(0, length), out _));
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(packet.AsSpan(0, length), out _));
        }

        Assert.True(receiver.Drops.Malformed >= 12 + profile.RtpOverhead());
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Random_well_formed_packets_round_trip_in_order_and_reordered(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var random = new Random(3711);
        var sequence = (ushort)random.Next(0, 65536);
        var pending = new List<(byte[] Plain, byte[] Protected)>();

        for (var i = 0; i < 2000; i++)
        {
            var plain = RandomRtp(random, sequence++, ssrc: (uint)random.Next(1, 4));
            pending.Add((plain, ProtectRtp(sender, plain)));
            if (pending.Count < 8 && i < 1999)
            {
                continue;
            }

            // Deliver a burst in shuffled order: all within the replay window, all accepted once.
            foreach (var (expected, packet) in pending.OrderBy(_ => random.Next()))
            {
                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, out var length));
                Assert.Equal(expected, packet[..length]);
            }

            pending.Clear();
        }

        Assert.Equal(0, receiver.Drops.Total);
    }

    private static byte[] RandomRtp(Random random, ushort sequence, uint ssrc)
    {
        var csrcCount = random.Next(0, 4);
        var extensionWords = random.Next(0, 3) == 0 ? random.Next(0, 4) : -1;
        var header = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[header + random.Next(0, 200)];
        random.NextBytes(packet);
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[8] = 0;
        packet[9] = 0;
        packet[10] = 0;
        packet[11] = (byte)ssrc;
        if (extensionWords >= 0)
        {
            var at = 12 + (4 * csrcCount);
            packet[at + 2] = 0;
            packet[at + 3] = (byte)extensionWords;
        }

        return packet;
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Random_and_mutated_bytes_never_throw_and_are_never_accepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var random = new Random(20261127);
        var genuine = ProtectRtp(sender, RtpPacket(11));
        var genuineRtcp = ProtectRtcp(sender, RtcpReceiverReport());

        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(bytes, out _));
            random.NextBytes(bytes);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(bytes, out _));

            var mutated = Mutate(genuine, random);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(mutated, out _));
            var mutatedRtcp = Mutate(genuineRtcp, random);
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(mutatedRtcp, out _));
        }

        Assert.Equal(12000, receiver.Drops.Total);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestData))]
    public void Protect_and_unprotect_allocate_nothing_per_packet(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var plain = RtpPacket(0, payloadLength: 160);
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        // Plain comparisons inside the measured loop: xunit's asserts allocate themselves.
        bool RoundTrip(ushort seq)
        {
            plain.CopyTo(buffer, 0);
            buffer[2] = (byte)(seq >> 8);
            buffer[3] = (byte)seq;
            return sender.ProtectRtp(buffer, plain.Length, out var length) == SrtpStatus.Ok
                && receiver.UnprotectRtp(buffer.AsSpan(0, length), out _) == SrtpStatus.Ok;
        }

        Assert.True(RoundTrip(0)); // first packet of an SSRC creates its stream state
        var failures = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort seq = 1; seq <= 200; seq++)
        {
            failures += RoundTrip(seq) ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    private static byte[] Mutate(byte[] genuine, Random random)
    {
        var mutated = (byte[])genuine.Clone();
        var flips = random.Next(1, 4);
        for (var f = 0; f < flips; f++)
        {
            // Keep byte 0 plausible so the packet reaches authentication most of the time.
            var at = random.Next(1, mutated.Length);
            mutated[at] ^= (byte)random.Next(1, 256);
        }

        return random.Next(4) == 0 ? mutated[..random.Next(0, mutated.Length)] : mutated;
    }
}
