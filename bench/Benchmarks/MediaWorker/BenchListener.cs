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
/// more is said there, so a crowd of listeners holds no WebSockets open. <see cref="Reached"/> says how far
/// a join got, so a bench that loses listeners can say where.
/// </summary>
internal sealed class BenchListener : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), socketBufferBytes: 256 << 10);
    private readonly SignalingClientOptions _signaling;
    private readonly string _language;
    private readonly string _clientId;

    /// <summary>A listener with the operator's credentials (scoping is not what the bench measures).</summary>
    public BenchListener(BenchChannel channel, string clientId)
        : this(WorkerWorld.SignalingOptions(channel, ChannelRole.Viewer, clientId), channel.Language)
    {
    }

    /// <summary>A listener with the channel, client id and credentials it was given (e.g. by SessionApi's /join).</summary>
    public BenchListener(SignalingClientOptions signaling, string language)
    {
        _signaling = signaling;
        _language = language;
        _clientId = signaling.ClientId ?? throw new ArgumentException("A viewer needs a client id", nameof(signaling));
        Peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.RecvOnly, IceLite = false });
    }

    public AudioPeerConnection Peer { get; }

    public long PacketsReceived => Peer.PacketsReceived;

    /// <summary>The last step of <see cref="JoinAsync"/> this listener completed.</summary>
    public JoinStage Reached { get; private set; }

    /// <summary>When the signaling connection was open (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), if it was.</summary>
    public long? SignalingOpenTimestamp { get; private set; }

    /// <summary>When the answer arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), if it did.</summary>
    public long? AnsweredTimestamp { get; private set; }

    /// <summary>A STATUS_RESPONSE (an error signaling sent this viewer) seen while waiting for the answer, if any.</summary>
    public StatusResponse? Refusal { get; private set; }

    /// <summary>Offers through signaling, applies the worker's answer and waits until media is connected.</summary>
    public async Task JoinAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        await using var signaling = new KvsSignalingClient(_signaling);
        try
        {
            await signaling.ConnectAsync(deadline.Token);
            SignalingOpenTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            Reached = JoinStage.SignalingOpen;
            await signaling.SendSdpOfferAsync(Peer.CreateOffer(), cancellationToken: deadline.Token);
            Reached = JoinStage.Offered;
            await foreach (var message in signaling.ReadAllAsync(deadline.Token))
            {
                if (message.Type == SignalingMessageTypes.SdpAnswer && message.Sdp is { } answer)
                {
                    AnsweredTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
                    Peer.SetRemoteAnswer(answer);
                    Reached = JoinStage.Answered;
                    break;
                }

                if (message.Type == SignalingMessageTypes.StatusResponse)
                {
                    Refusal = message.Status;
                }
            }

            if (Reached != JoinStage.Answered)
            {
                throw new InvalidOperationException($"listener {_clientId}: signaling closed before an answer ({signaling.CloseReason})");
            }

            while (Peer.State != PeerConnectionState.Connected)
            {
                if (Peer.State == PeerConnectionState.Failed)
                {
                    throw new InvalidOperationException($"listener {_clientId} failed: {Peer.FailureReason}");
                }

                await Task.Delay(10, deadline.Token);
            }

            Reached = JoinStage.Connected;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"listener {_clientId} of {_language} was not connected within {within.TotalSeconds} s (reached {Reached}, state {Peer.State})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await _mux.DisposeAsync();
    }
}

/// <summary>How far a listener's join got.</summary>
internal enum JoinStage
{
    None,
    SignalingOpen,
    Offered,
    Answered,
    Connected,
}
