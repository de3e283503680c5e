using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// The worker as VIEWER of the speaker's channel: it offers to receive audio and re-offers
/// whenever there is no live connection (speaker not there yet, reconnected, or gone silent
/// past ICE consent), so a speaker may come and go for the whole session.
/// </summary>
public sealed class SpeakerIngest(
    WorkerSettings settings, UdpMux mux, DtlsCertificate certificate, IAwsCredentialsSource credentials,
    RtpPayloadHandler onAudio, WorkerMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private readonly SemaphoreSlim _peerChanged = new(0); // released on every state change of the speaker's peer
    private AudioPeerConnection? _peer;
    private DateTime _offeredAt;
    private bool _answered;

    public bool SpeakerConnected => _peer?.State == PeerConnectionState.Connected;

    public bool SignalingConnected => _connector?.Connected ?? false;

    private SignalingConnector? _connector;

    /// <summary>The viewer client id: stable per session, so a restarted worker replaces its old connection.</summary>
    public string ClientId { get; } = ("worker-" + settings.SessionName).Length <= 256 ? "worker-" + settings.SessionName : "worker";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _connector = new SignalingConnector(settings.SourceChannel, ChannelRole.Viewer, ClientId, settings, credentials, logger);
        try
        {
            await _connector.RunAsync(OnMessageAsync, client =>
            {
                _ = KeepOfferingAsync(client, cancellationToken);
                return Task.CompletedTask;
            }, onDisconnected: null, cancellationToken);
        }
        finally
        {
            await ReplacePeerAsync(null);
        }
    }

    private async Task KeepOfferingAsync(KvsSignalingClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && client.State == System.Net.WebSockets.WebSocketState.Open)
        {
            if (NeedsOffer())
            {
                var peer = new AudioPeerConnection(mux, new PeerConnectionOptions
                {
                    Certificate = certificate,
                    Direction = MediaDirection.RecvOnly,
                    IceLite = true,
                    // RED is offered first, so Chromium sends it: each packet carries the previous frame again, and a
                    // lost packet is rebuilt whole from the next one (tested against Chromium in ChromiumInteropTests).
                    Red = true,
                    Nack = true, // offered; asked for only when the speaker's answer takes it (Chromium's does not for audio)
                });
                peer.AudioReceived += onAudio;
                peer.StateChanged += state => metrics.SpeakerState(state.ToString());
                peer.StateChanged += _ => _peerChanged.Release();
                await ReplacePeerAsync(peer);
                try
                {
                    await client.SendSdpOfferAsync(peer.CreateOffer(), cancellationToken: cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    WorkerLog.SpeakerOfferFailed(logger, e.Message);
                    return;
                }
            }
            try
            {
                // Asleep until the peer's state changes (the speaker left or failed) or an unanswered offer is due again,
                // rather than looking every half second; checked at least every few seconds for a closed signaling connection.
                await _peerChanged.WaitAsync(NextCheck(), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>When an unanswered offer's time runs out, else the signaling connection's own check.</summary>
    private TimeSpan NextCheck()
    {
        lock (_gate)
        {
            var answerDue = _answered ? AnswerTimeout : _offeredAt + AnswerTimeout - DateTime.UtcNow + TimeSpan.FromMilliseconds(10);
            return answerDue < TimeSpan.Zero ? TimeSpan.Zero : answerDue;
        }
    }

    private bool NeedsOffer()
    {
        lock (_gate)
        {
            return _peer is null
                || _peer.State is PeerConnectionState.Disconnected or PeerConnectionState.Failed or PeerConnectionState.Closed
                || (!_answered && DateTime.UtcNow - _offeredAt > AnswerTimeout);
        }
    }

    private async Task OnMessageAsync(KvsSignalingClient client, SignalingMessage message)
    {
        if (message.Type == SignalingMessageTypes.GoAway)
        {
            WorkerLog.SpeakerChannelGoingAway(logger);
            return;
        }
        if (message.Type != SignalingMessageTypes.SdpAnswer || message.Sdp is not { } answer)
        {
            return;
        }
        AudioPeerConnection? peer;
        bool startOver;
        lock (_gate)
        {
            // A second answer before the speaker connected: signaling held our offers while the speaker was away, and the
            // speaker answered each of them, so the answer taken may have been for an older one. Offer afresh.
            startOver = _answered && _peer is { State: not PeerConnectionState.Connected };
            peer = _answered ? null : _peer;
            _answered = true;
        }
        if (startOver)
        {
            WorkerLog.SpeakerAnsweredAgain(logger);
            await ReplacePeerAsync(null);
            _peerChanged.Release();
            return;
        }
        if (peer is null)
        {
            return;
        }
        try
        {
            peer.SetRemoteAnswer(answer);
            WorkerLog.SpeakerAnswered(logger);
        }
        catch (Exception e)
        {
            WorkerLog.SpeakerAnswerUnusable(logger, e.Message);
            await ReplacePeerAsync(null);
        }
    }

    private async Task ReplacePeerAsync(AudioPeerConnection? next)
    {
        AudioPeerConnection? previous;
        lock (_gate)
        {
            previous = _peer;
            _peer = next;
            _answered = false;
            _offeredAt = DateTime.UtcNow;
        }
        if (previous is not null)
        {
            previous.AudioReceived -= onAudio;
            await previous.DisposeAsync();
        }
    }
}
