using System.Net;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The speaker as a browser would be, built from our own stack: MASTER of the source channel, answering
/// the worker's (VIEWER's) offer and sending Opus to it.
/// </summary>
internal sealed class BenchSpeaker : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly KvsSignalingClient _signaling;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private AudioPeerConnection? _peer;

    public BenchSpeaker(BenchChannel sourceChannel) =>
        _signaling = new KvsSignalingClient(WorkerWorld.SignalingOptions(sourceChannel, ChannelRole.Master, clientId: null));

    public bool Connected => _peer?.State == PeerConnectionState.Connected;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _signaling.ConnectAsync(cancellationToken);
        _reader = Task.Run(() => AnswerOffersAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Sends one Opus frame to the worker; false while not connected.</summary>
    public bool Send(ReadOnlySpan<byte> opusFrame) => _peer?.SendAudio(opusFrame) ?? false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _signaling.DisposeAsync();
        if (_reader is not null)
        {
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }

        await _mux.DisposeAsync();
        _stop.Dispose();
    }

    private async Task AnswerOffersAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _signaling.ReadAllAsync(cancellationToken))
        {
            if (message.Type != SignalingMessageTypes.SdpOffer || message.Sdp is not { } offer)
            {
                continue;
            }

            // The worker offers again when it lost us; the newest offer wins.
            var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendOnly, IceLite = false });
            var answer = peer.AcceptOffer(offer);
            var previous = Interlocked.Exchange(ref _peer, peer);
            if (previous is not null)
            {
                await previous.DisposeAsync();
            }

            await _signaling.SendSdpAnswerAsync(answer, message.SenderClientId, cancellationToken: cancellationToken);
        }
    }
}
