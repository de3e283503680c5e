using System.Collections.Concurrent;
using BroadcastOperator.TestSupport.NetLab;
using Xunit.Abstractions;

namespace BroadcastOperator.WebRtc.Tests.NetLab;

/// <summary>
/// The worker's side of the speaker's uplink (as SpeakerIngest sets it up: it offers NACK) behind 5 % loss: a speaker
/// that takes NACK gets the lost packets asked for and resends them; one that does not (Chromium) is never asked.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class SpeakerUplinkNackTests(ITestOutputHelper output)
{
    private const int Frames = 250;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_worker_nacks_the_speakers_lost_packets_where_the_speaker_takes_nack(bool speakerNack)
    {
        var loss = new Impairment { LossPercent = 5, Seed = 14 };
        await using var uplink = await SpeakerUplink.ConnectAsync(loss, Impairment.None, speakerNack);
        var received = new ConcurrentDictionary<ushort, bool>();
        uplink.Worker.AudioReceived += (in WebRtc.Rtp.RtpHeader header, ReadOnlySpan<byte> payload) => received.TryAdd(header.SequenceNumber, true);

        var sent = new List<ushort>();
        var next = DateTime.UtcNow;
        for (var i = 0; i < Frames; i++)
        {
            sent.Add(uplink.Speaker.NextSequenceNumber);
            Assert.True(uplink.Speaker.SendAudio([0xFC, (byte)i, 0xFE]));
            next += TimeSpan.FromMilliseconds(20);
            if (next > DateTime.UtcNow)
            {
                await Task.Delay(next - DateTime.UtcNow);
            }
        }

        // All but the last few (whose loss no later packet reveals) arrive, once resends are in.
        var expected = sent.Take(Frames - 5).ToList();
        int Missing() => expected.Count(s => !received.ContainsKey(s));
        if (speakerNack)
        {
            // A resend comes within a round trip of the request (loopback), retries 60 ms apart: within the second the
            // test always gave them, but no longer than it takes.
            await Eventually.TrueAsync(() => Missing() <= 1, "the lost packets resent", TimeSpan.FromSeconds(1));
        }
        else
        {
            await Task.Delay(1000); // absence is the claim (nothing asked, nothing resent): time must pass
        }

        output.WriteLine($"nack {speakerNack}: relay {uplink.Relay.TowardServer}; asked {uplink.Worker.PacketsNacked}, resent {uplink.Speaker.PacketsRetransmitted}, missing {Missing()}");
        Assert.True(uplink.Relay.TowardServer.Dropped > 0, "the relay dropped some of the speaker's packets");
        Assert.Equal(speakerNack, uplink.Worker.NackNegotiated);
        var missing = Missing();
        if (speakerNack)
        {
            Assert.InRange(missing, 0, 1); // a packet whose every resend was lost too may stay missing
            Assert.True(uplink.Worker.PacketsNacked > 0);
            Assert.True(uplink.Speaker.PacketsRetransmitted > 0);
        }
        else
        {
            Assert.Equal(0, uplink.Worker.PacketsNacked);
            Assert.Equal(0, uplink.Speaker.PacketsRetransmitted);
            Assert.True(missing > 0, "without NACK the lost packets stay lost");
        }
    }
}
