using System.Net;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// A listener as a browser would be, built from our own stack: VIEWER of one language channel, offering
/// to receive audio, on its own UDP socket. Once its media is connected it leaves signaling, as nothing
/// more is said there, so a crowd of listeners holds no WebSockets open.
/// </summary>
internal sealed class BenchListener : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), socketBufferBytes: 256 << 10);
    private readonly BenchChannel _channel;
    private readonly string _clientId;

    public BenchListener(BenchChannel channel, string clientId)
    {
        _channel = channel;
        _clientId = clientId;
        Peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.RecvOnly, IceLite = false });
    }

    public AudioPeerConnection Peer { get; }

    public long PacketsReceived => Peer.PacketsReceived;

    /// <summary>Offers through signaling, applies the worker's answer and waits until media is connected.</summary>
    public async Task JoinAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        await using var signaling = new KvsSignalingClient(WorkerWorld.SignalingOptions(_channel, ChannelRole.Viewer, _clientId));
        try
        {
            await signaling.ConnectAsync(deadline.Token);
            await signaling.SendSdpOfferAsync(Peer.CreateOffer(), cancellationToken: deadline.Token);
            await foreach (var message in signaling.ReadAllAsync(deadline.Token))
            {
                if (message.Type == SignalingMessageTypes.SdpAnswer && message.Sdp is { } answer)
                {
                    Peer.SetRemoteAnswer(answer);
                    break;
                }
            }

            while (Peer.State != PeerConnectionState.Connected)
            {
                if (Peer.State == PeerConnectionState.Failed)
                {
                    throw new InvalidOperationException($"listener {_clientId} failed: {Peer.FailureReason}");
                }

                await Task.Delay(10, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"listener {_clientId} of {_channel.Language} was not connected within {within.TotalSeconds} s (state {Peer.State})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await _mux.DisposeAsync();
    }
}
