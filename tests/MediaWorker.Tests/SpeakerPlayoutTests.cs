using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.WebRtc.Playout;
using BroadcastOperator.WebRtc.Rtp;
using Concentus;
using Concentus.Enums;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The speaker's jitter buffer in front of the decoder: deterministic arrivals on a fake clock.</summary>
public sealed class SpeakerPlayoutTests
{
    private const int Frames = 50;
    private const int FrameSamples48k = 960;

    [Fact]
    public void Frames_leave_in_order_with_fec_for_a_single_loss_and_concealment_for_a_double()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var playout = new SpeakerPlayout(sink, time, new JitterBufferOptions { MinDepth = TimeSpan.FromMilliseconds(40) });
        var start = time.GetUtcNow();

        // Frame f is sent at f × 20 ms. 1 is held up and overtaken by 2; 4 is lost (5 carries its FEC); 7 and 8 are
        // lost (9 carries 8's FEC, nothing 7's); then the sender stops.
        foreach (var (frame, atMs) in new[] { (0, 0), (2, 40), (1, 45), (3, 60), (5, 100), (6, 120), (9, 180), (10, 200) })
        {
            time.Advance(start.AddMilliseconds(atMs) - time.GetUtcNow());
            playout.OnPacket(Header(frame), [(byte)frame]);
        }

        time.Advance(TimeSpan.FromSeconds(1)); // nothing more arrives

        Assert.Equal(["p0", "p1", "p2", "p3", "f5", "p5", "p6", "c", "f9", "p9", "p10"], sink.Calls);
        var figures = playout.Figures;
        Assert.Equal((8, 2, 1), (figures.Played, figures.FecRecovered, figures.Concealed)); // after the last packet it waits
    }

    [Fact]
    public void A_new_speaker_peer_starts_a_fresh_stream()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var playout = new SpeakerPlayout(sink, time);
        playout.OnPacket(Header(0), [0]);
        time.Advance(TimeSpan.FromMilliseconds(30));

        playout.OnPacket(Header(7) with { Ssrc = 99 }, [7]);
        time.Advance(TimeSpan.FromMilliseconds(30));

        Assert.Equal(["p0", "p7"], sink.Calls.Where(c => c.StartsWith('p')));
    }

    [Fact]
    public void Recognition_gets_no_gap_where_packets_were_lost_and_fec_rebuilds_the_voice()
    {
        var source = Voice(Frames, onsetFrame: 20); // concealment would continue the silence before the lost onset; FEC has the voice
        var packets = Encode(source);
        var time = new FakeTimeProvider();
        var decoded = new DecodingSink();
        using var playout = new SpeakerPlayout(decoded, time);
        int[] lost = [20, 30, 31];

        for (var frame = 0; frame < Frames; frame++)
        {
            if (!lost.Contains(frame))
            {
                playout.OnPacket(Header(frame), packets[frame]);
            }

            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        time.Advance(TimeSpan.FromMilliseconds(100));

        // Every 20 ms frame reached the decoder (16 kHz: 320 samples each, less the resampler's few of delay): nothing
        // closed up, nothing went silent. Without the buffer the three lost frames would be 960 samples missing.
        Assert.True(decoded.Samples.Count > (Frames * 320) - 32, $"{decoded.Samples.Count} samples for {Frames} frames");
        var level = Rms(decoded.Frame(25));
        Assert.True(Rms(decoded.Frame(10)) < level / 100, "silence before the onset");
        Assert.True(Rms(decoded.Frame(20)) > level / 4, "the FEC-rebuilt frame carries the voice");
        Assert.True(Rms(decoded.Frame(30)) > level / 10, "the concealed frame fades, not stops");
        Assert.Equal((47, 2, 1), (playout.Figures.Played, playout.Figures.FecRecovered, playout.Figures.Concealed));
    }

    private static RtpHeader Header(int frame) => new()
    {
        PayloadType = 111,
        SequenceNumber = (ushort)(65500 + frame),
        Timestamp = (uint)(frame * FrameSamples48k),
        Ssrc = 42,
    };

    private static short[] Voice(int frames, int onsetFrame)
    {
        var samples = new short[frames * FrameSamples48k];
        for (var i = onsetFrame * FrameSamples48k; i < samples.Length; i++)
        {
            var t = i / 48000.0;
            samples[i] = (short)(6000 * (Math.Sin(2 * Math.PI * 180 * t) + (0.5 * Math.Sin(2 * Math.PI * 360 * t)) + (0.3 * Math.Sin(2 * Math.PI * 540 * t))));
        }

        return samples;
    }

    private static byte[][] Encode(short[] pcm)
    {
        var encoder = OpusCodecFactory.CreateEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 32000;
        encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        encoder.UseInbandFEC = true;
        encoder.PacketLossPercent = 10;
        var packet = new byte[1275];
        return Enumerable.Range(0, pcm.Length / FrameSamples48k).Select(i =>
            packet.AsSpan(0, encoder.Encode(pcm.AsSpan(i * FrameSamples48k, FrameSamples48k), FrameSamples48k, packet, packet.Length)).ToArray()).ToArray();
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    private sealed class RecordingSink : IOpusFrameSink
    {
        public List<string> Calls { get; } = [];

        public bool PushOpus(ReadOnlySpan<byte> packet)
        {
            Calls.Add("p" + packet[0]);
            return true;
        }

        public bool PushOpusFec(ReadOnlySpan<byte> nextPacket, int frameSamples48k)
        {
            Assert.Equal(FrameSamples48k, frameSamples48k);
            Calls.Add("f" + nextPacket[0]);
            return true;
        }

        public bool PushConcealed(int frameSamples48k)
        {
            Calls.Add("c");
            return true;
        }
    }

    /// <summary>Decodes as the speech pipeline does, keeping the 16 kHz output.</summary>
    private sealed class DecodingSink : IOpusFrameSink
    {
        private readonly OpusSpeakerDecoder _decoder = new();
        private readonly short[] _pcm;

        public DecodingSink() => _pcm = new short[_decoder.MaxOutputSamples];

        public List<short> Samples { get; } = [];

        public ReadOnlySpan<short> Frame(int index) => Samples.ToArray().AsSpan(index * 320, 320);

        public bool PushOpus(ReadOnlySpan<byte> packet) => Keep(_decoder.Decode(packet, _pcm));

        public bool PushOpusFec(ReadOnlySpan<byte> nextPacket, int frameSamples48k) => Keep(_decoder.DecodeFec(nextPacket, frameSamples48k, _pcm));

        public bool PushConcealed(int frameSamples48k) => Keep(_decoder.Conceal(frameSamples48k, _pcm));

        private bool Keep(int samples)
        {
            Samples.AddRange(_pcm.AsSpan(0, Math.Max(0, samples)));
            return samples >= 0;
        }
    }
}
