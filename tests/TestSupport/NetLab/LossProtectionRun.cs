using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Rtp;
using BroadcastOperator.WebRtc.Sdp;
using Concentus;
using Concentus.Enums;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>Which loss protections a run negotiates and uses.</summary>
public sealed record Protection(string Name, bool Red, bool Nack, bool Fec)
{
    public static readonly Protection None = new("plain", false, false, false);
    public static readonly Protection FecOnly = new("fec", false, false, true);
    public static readonly Protection RedOnly = new("red", true, false, false);
    public static readonly Protection NackOnly = new("nack", false, true, false);
    public static readonly Protection All = new("red_nack_fec", true, true, true);
}

/// <summary>What the listener could play: frames decoded from packets that came in time, by FEC, and concealed.</summary>
public sealed record LossRunResult(int Frames, int Played, int FecRecovered, int Concealed, int Late, long LostOnTheLink, long RecoveredByRed, long Retransmitted, double Correlation)
{
    public double ConcealedPercent => Frames == 0 ? 100 : Concealed * 100.0 / Frames;

    public override string ToString() => FormattableString.Invariant(
        $"{Frames} frames: {Played} played, {FecRecovered} by FEC, {Concealed} concealed ({ConcealedPercent:0.##} %, of which {Late} arrived too late); link lost {LostOnTheLink}, RED recovered {RecoveredByRed}, retransmitted {Retransmitted}; envelope correlation {Correlation:0.###}");
}

/// <summary>
/// One sender (our worker's peer: ICE-lite, send-only) and one listener (our controlling client, receive-only)
/// joined through an <see cref="ImpairedUdpRelay"/>: the listener knows only the relay's address. The sender plays
/// a <see cref="SyllableSignal"/> in real time; the listener decodes what arrived within the playout delay, filling
/// gaps with Opus FEC from the next packet (when the run encodes it) or packet-loss concealment, and the decoded
/// envelope is compared with the source's. Impairment starts once the peers are connected, so both runs of a
/// comparison see the same seeded schedule over the same media.
/// </summary>
public static class LossProtectionRun
{
    private static readonly DtlsCertificate SenderCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate ListenerCertificate = DtlsCertificate.Generate();

    /// <summary>A packet later than this after its frame was sent is too late to play.</summary>
    public static readonly TimeSpan PlayoutDelay = TimeSpan.FromMilliseconds(150);

    /// <param name="remote">When set, the listener runs in this namespace and reaches the sender only through the relay.</param>
    public static async Task<LossRunResult> RunAsync(Impairment downlink, Impairment uplink, Protection protection, int frames,
        NetworkNamespace? remote = null, int lossHintPercent = 10, CancellationToken cancellationToken = default)
    {
        var source = SyllableSignal.Create(frames);
        await using var senderMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var listenerMux = remote is null
            ? UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0))
            : remote.Run(() => UdpMux.Bind(new IPEndPoint(remote.InsideAddress, 0)));
        var senderEndPoint = senderMux.HostEndPoints()[0];
        using var relay = new ImpairedUdpRelay(new IPEndPoint(remote?.HostAddress ?? IPAddress.Loopback, 0), senderEndPoint, uplink, downlink) { Impaired = false };
        await using var sender = new AudioPeerConnection(senderMux, new PeerConnectionOptions
        {
            Certificate = SenderCertificate, Direction = MediaDirection.SendOnly, Red = protection.Red, Nack = protection.Nack,
        });
        await using var listener = new AudioPeerConnection(listenerMux, new PeerConnectionOptions
        {
            Certificate = ListenerCertificate, IceLite = false, Direction = MediaDirection.RecvOnly, Red = protection.Red, Nack = protection.Nack,
        });
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentDictionary<ushort, (TimeSpan At, byte[] Payload)>();
        listener.AudioReceived += (in RtpHeader header, ReadOnlySpan<byte> payload) => arrivals.TryAdd(header.SequenceNumber, (clock.Elapsed, payload.ToArray()));

        var answer = sender.AcceptOffer(listener.CreateOffer());
        listener.SetRemoteAnswer(ThroughRelay(answer, senderEndPoint, relay.InsideEndPoint));
        await Eventually.TrueAsync(() => sender.State == PeerConnectionState.Connected && listener.State == PeerConnectionState.Connected,
            "sender and listener connected through the relay", cancellationToken: cancellationToken);
        if (protection.Red != sender.RedNegotiated || protection.Nack != sender.NackNegotiated)
        {
            throw new InvalidOperationException($"negotiated RED {sender.RedNegotiated}, NACK {sender.NackNegotiated}; asked for {protection}");
        }

        relay.Impaired = true;
        var sent = await SendAsync(sender, source, frames, protection.Fec, lossHintPercent, clock, cancellationToken);
        await Task.Delay(PlayoutDelay + TimeSpan.FromMilliseconds(100), cancellationToken); // the last packets' playout deadline, not a condition
        return Decode(source, sent, arrivals, protection.Fec) with
        {
            LostOnTheLink = relay.TowardClients.Dropped,
            RecoveredByRed = listener.PacketsRecoveredByRed,
            Retransmitted = sender.PacketsRetransmitted,
        };
    }

    /// <summary>The listener is told the relay's address wherever the answer names the sender's.</summary>
    private static string ThroughRelay(string answer, IPEndPoint sender, IPEndPoint relay) =>
        answer.Replace($"{sender.Address} {sender.Port} typ", $"{relay.Address} {relay.Port} typ", StringComparison.Ordinal)
            .Replace($"m=audio {sender.Port} ", $"m=audio {relay.Port} ", StringComparison.Ordinal)
            .Replace($"c=IN IP4 {sender.Address}", $"c=IN IP4 {relay.Address}", StringComparison.Ordinal);

    /// <summary>Encodes and sends one frame every 20 ms; returns each frame's sequence number and send time.</summary>
    private static async Task<List<(ushort Sequence, TimeSpan SentAt)>> SendAsync(AudioPeerConnection sender, short[] source, int frames, bool fec,
        int lossHintPercent, Stopwatch clock, CancellationToken cancellationToken)
    {
        var encoder = OpusCodecFactory.CreateEncoder(SyllableSignal.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 32000;
        encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        encoder.UseInbandFEC = fec;
        encoder.PacketLossPercent = fec ? lossHintPercent : 0;
        var packet = new byte[1275];
        var sent = new List<(ushort, TimeSpan)>(frames);
        ushort? firstSequence = null;
        var start = clock.Elapsed;
        for (var i = 0; i < frames; i++)
        {
            var due = start + TimeSpan.FromMilliseconds(20 * i);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var length = encoder.Encode(source.AsSpan(i * SyllableSignal.FrameSamples, SyllableSignal.FrameSamples), SyllableSignal.FrameSamples, packet, packet.Length);
            var sequence = sender.NextSequenceNumber;
            firstSequence ??= sequence;
            if (!sender.SendAudio(packet.AsSpan(0, length)))
            {
                throw new InvalidOperationException($"frame {i} could not be sent");
            }

            sent.Add((sequence, clock.Elapsed));
        }

        return sent;
    }

    private static LossRunResult Decode(short[] source, List<(ushort Sequence, TimeSpan SentAt)> sent,
        ConcurrentDictionary<ushort, (TimeSpan At, byte[] Payload)> arrivals, bool fec)
    {
        var decoder = OpusCodecFactory.CreateDecoder(SyllableSignal.SampleRate, 1);
        var pcm = new short[sent.Count * SyllableSignal.FrameSamples];
        int played = 0, fecRecovered = 0, concealed = 0, late = 0;
        byte[]? InTime(int frame) =>
            frame < sent.Count && arrivals.TryGetValue(sent[frame].Sequence, out var arrival) && arrival.At - sent[frame].SentAt <= PlayoutDelay
                ? arrival.Payload
                : null;

        for (var i = 0; i < sent.Count; i++)
        {
            var output = pcm.AsSpan(i * SyllableSignal.FrameSamples, SyllableSignal.FrameSamples);
            if (InTime(i) is { } payload)
            {
                decoder.Decode(payload, output, SyllableSignal.FrameSamples, false);
                played++;
            }
            else if (fec && InTime(i + 1) is { } next)
            {
                decoder.Decode(next, output, SyllableSignal.FrameSamples, true); // the next packet's LBRR copy of this frame
                fecRecovered++;
            }
            else
            {
                decoder.Decode(ReadOnlySpan<byte>.Empty, output, SyllableSignal.FrameSamples, false); // concealment
                concealed++;
                late += arrivals.ContainsKey(sent[i].Sequence) ? 1 : 0;
            }
        }

        var correlation = SyllableSignal.Correlation(SyllableSignal.Envelope(pcm), SyllableSignal.Envelope(source.AsSpan(0, pcm.Length)));
        return new LossRunResult(sent.Count, played, fecRecovered, concealed, late, 0, 0, 0, correlation);
    }
}
