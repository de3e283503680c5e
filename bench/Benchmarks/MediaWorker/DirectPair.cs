using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The baseline path without a worker: one sending peer straight to one receiving peer of our own stack,
/// each on its own loopback socket (packetize, SRTP protect, UDP, SRTP unprotect, the same receive event).
/// </summary>
internal sealed class DirectPair : IAsyncDisposable
{
    private readonly UdpMux _senderMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpMux _receiverMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), socketBufferBytes: 256 << 10);

    private DirectPair()
    {
        var certificate = DtlsCertificate.Generate();
        Sender = new AudioPeerConnection(_senderMux, new PeerConnectionOptions { Certificate = certificate, Direction = MediaDirection.SendOnly });
        Receiver = new AudioPeerConnection(_receiverMux, new PeerConnectionOptions { Certificate = certificate, Direction = MediaDirection.RecvOnly, IceLite = false });
    }

    public AudioPeerConnection Sender { get; }

    public AudioPeerConnection Receiver { get; }

    public static async Task<DirectPair> ConnectAsync(CancellationToken cancellationToken)
    {
        var pair = new DirectPair();
        pair.Receiver.SetRemoteAnswer(pair.Sender.AcceptOffer(pair.Receiver.CreateOffer()));
        await Eventually.TrueAsync(
            () => pair.Sender.State == PeerConnectionState.Connected && pair.Receiver.State == PeerConnectionState.Connected,
            "the direct baseline pair connects", TimeSpan.FromSeconds(20), cancellationToken);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Receiver.DisposeAsync();
        await _senderMux.DisposeAsync();
        await _receiverMux.DisposeAsync();
    }
}
