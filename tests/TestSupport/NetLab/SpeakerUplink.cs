using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// The speaker's uplink through an <see cref="ImpairedUdpRelay"/>: the worker's side configured as the worker's
/// <c>SpeakerIngest</c> configures it (ICE-lite, receive-only, offering RED first and NACK) makes the offer, and the speaker (our
/// controlling client, send-only) answers knowing only the relay's address. Impairment starts once both are connected.
/// </summary>
public sealed class SpeakerUplink : IAsyncDisposable
{
    private static readonly DtlsCertificate WorkerCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate SpeakerCertificate = DtlsCertificate.Generate();
    private readonly UdpMux _workerMux;
    private readonly UdpMux _speakerMux;

    private SpeakerUplink(UdpMux workerMux, UdpMux speakerMux, ImpairedUdpRelay relay, AudioPeerConnection worker, AudioPeerConnection speaker)
    {
        _workerMux = workerMux;
        _speakerMux = speakerMux;
        Relay = relay;
        Worker = worker;
        Speaker = speaker;
    }

    public ImpairedUdpRelay Relay { get; }

    /// <summary>The worker's receiving peer: subscribe to its AudioReceived before sending.</summary>
    public AudioPeerConnection Worker { get; }

    public AudioPeerConnection Speaker { get; }

    /// <param name="towardWorker">The uplink's impairment (the speaker's media).</param>
    /// <param name="towardSpeaker">The way back (NACKs, ICE answers, DTLS).</param>
    /// <param name="speakerNack">Whether the speaker takes the worker's NACK offer (Chromium does not for audio).</param>
    /// <param name="speakerRed">Whether the speaker takes the worker's RED offer and sends RED (Chromium does).</param>
    public static async Task<SpeakerUplink> ConnectAsync(Impairment towardWorker, Impairment towardSpeaker, bool speakerNack, bool speakerRed = false,
        CancellationToken cancellationToken = default)
    {
        var workerMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var speakerMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var workerEndPoint = workerMux.HostEndPoints()[0];
        var relay = new ImpairedUdpRelay(new IPEndPoint(IPAddress.Loopback, 0), workerEndPoint, towardWorker, towardSpeaker) { Impaired = false };
        var worker = new AudioPeerConnection(workerMux, new PeerConnectionOptions
        {
            Certificate = WorkerCertificate, Direction = MediaDirection.RecvOnly, IceLite = true, Red = true, Nack = true,
        });
        var speaker = new AudioPeerConnection(speakerMux, new PeerConnectionOptions
        {
            Certificate = SpeakerCertificate, Direction = MediaDirection.SendOnly, IceLite = false, Red = speakerRed, Nack = speakerNack,
        });
        var uplink = new SpeakerUplink(workerMux, speakerMux, relay, worker, speaker);
        try
        {
            worker.SetRemoteAnswer(speaker.AcceptOffer(ThroughRelay(worker.CreateOffer(), workerEndPoint, relay.InsideEndPoint)));
            await Eventually.TrueAsync(() => worker.State == PeerConnectionState.Connected && speaker.State == PeerConnectionState.Connected,
                "speaker and worker connected through the relay", cancellationToken: cancellationToken);
            relay.Impaired = true;
            return uplink;
        }
        catch
        {
            await uplink.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Speaker.DisposeAsync();
        await Worker.DisposeAsync();
        Relay.Dispose();
        await _speakerMux.DisposeAsync();
        await _workerMux.DisposeAsync();
    }

    /// <summary>The speaker is told the relay's address wherever the offer names the worker's.</summary>
    private static string ThroughRelay(string offer, IPEndPoint worker, IPEndPoint relay) =>
        offer.Replace($"{worker.Address} {worker.Port} typ", $"{relay.Address} {relay.Port} typ", StringComparison.Ordinal)
            .Replace($"m=audio {worker.Port} ", $"m=audio {relay.Port} ", StringComparison.Ordinal);
}
