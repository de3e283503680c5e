using System.Collections.Concurrent;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// The worker as MASTER of one language's channel: every viewer's offer gets an answer with that
/// language's track (send-only), within maxListeners; the listener joins the fan-out once
/// connected and leaves it when it closes or its ICE consent lapses. Answers go through a
/// <see cref="SignalingRetryScheduler"/>: one that signaling refuses as throttled is sent again
/// within the offer's lifetime, and a viewer whose answer is refused for good or given up is dropped.
/// </summary>
public sealed class LanguageChannelMaster(
    ChannelSettings channel, LanguageFanOut fanOut, ListenerAdmission admission, UdpMux mux, DtlsCertificate certificate,
    WorkerSettings settings, IAwsCredentialsSource credentials, WorkerMetrics metrics, ILogger logger)
{
    private readonly ConcurrentDictionary<string, AudioPeerConnection> _byViewer = new(StringComparer.Ordinal);

    public string Language => channel.Language;

    public bool SignalingConnected => _connector?.Connected ?? false;

    /// <summary>
    /// Listeners connected and not in the middle of an ICE restart: what status counts. A listener that lost its path
    /// restarts ICE and is not counted until its first check on the new credentials, though it keeps its slot.
    /// </summary>
    public int ListeningCount => _byViewer.Values.Count(p => p.State == PeerConnectionState.Connected && !p.IceRestarting);

    private SignalingConnector? _connector;
    private SignalingRetryScheduler? _answers;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _connector = new SignalingConnector(channel, ChannelRole.Master, clientId: null, settings, credentials, logger);
        // At most one answer per admitted viewer is pending (a re-offer replaces it): the bound is a backstop.
        using var answers = new SignalingRetryScheduler(Language,
            new SignalingRetryOptions { Lifetime = settings.OfferLifetime, Capacity = Math.Max(64, admission.MaxListeners * 2) },
            TimeProvider.System, metrics, logger, OnAnswerAbandoned);
        _answers = answers;
        try
        {
            await _connector.RunAsync(OnMessageAsync, client =>
            {
                answers.Connected((send, correlationId) =>
                    client.SendAsync(send.Action, send.PayloadJson, send.RecipientClientId, correlationId));
                return Task.CompletedTask;
            }, answers.Disconnected, cancellationToken);
        }
        finally
        {
            foreach (var viewer in _byViewer.Keys.ToList())
            {
                await DropAsync(viewer);
            }
        }
    }

    private async Task OnMessageAsync(KvsSignalingClient signaling, SignalingMessage message)
    {
        if (message.Type == SignalingMessageTypes.StatusResponse && message.Status is { } status)
        {
            _answers?.OnStatus(status);
            return;
        }
        if (message.Type != SignalingMessageTypes.SdpOffer || message.SenderClientId is not { } viewer)
        {
            // ICE-lite: the viewer's trickled candidates are not needed, its checks reach us directly.
            return;
        }
        string? parseError = "no sdp";
        if (message.Sdp is not { } offer || !SessionDescription.TryParse(offer, out var parsed, out parseError)
            || !RemoteAudioDescription.TryRead(parsed, out _, out parseError))
        {
            metrics.OfferRejected(Language, "malformed");
            WorkerLog.UnusableOffer(logger, viewer, Language, parseError ?? "no sdp");
            return;
        }

        // A viewer restarting ICE keeps its connection, its admission slot and its place in the fan-out (IceRestart);
        // one that reconnects with a new connection under the same client id replaces its previous one.
        if (TryAnswerReoffer(viewer, offer))
        {
            return;
        }
        await DropAsync(viewer);
        if (!admission.TryAdmit())
        {
            metrics.OfferRejected(Language, "full");
            WorkerLog.SessionFull(logger, viewer, Language, admission.MaxListeners);
            await RefuseAsync(signaling, viewer, parsed);
            return;
        }

        var peer = new AudioPeerConnection(mux, new PeerConnectionOptions
        {
            Certificate = certificate,
            Direction = MediaDirection.SendOnly,
            IceLite = true,
            Ssrc = fanOut.Ssrc,
            ConsentTimeout = settings.ConsentTimeout,
            Red = true, // taken only where the listener offers it (Chromium does); others get plain Opus
            Nack = true, // likewise: browsers offer no NACK for audio today, our own clients may
        });
        _byViewer[viewer] = peer;
        peer.StateChanged += state => OnStateChanged(viewer, peer, state);
        try
        {
            var answer = peer.AcceptOffer(offer);
            // Sent at once; a throttled one is re-sent by the scheduler's timer, off this read loop.
            _answers?.Send(new SignalingSend(SignalingMessageTypes.SdpAnswer, KvsSignalingClient.SdpJson("answer", answer), viewer, peer));
            metrics.OfferAnswered(Language);
        }
        catch (Exception e)
        {
            metrics.OfferRejected(Language, "negotiation");
            WorkerLog.AnswerFailed(logger, viewer, Language, e.Message);
            await DropAsync(viewer);
        }
    }

    private bool TryAnswerReoffer(string viewer, string offer)
    {
        if (!_byViewer.TryGetValue(viewer, out var peer))
        {
            return false;
        }
        try
        {
            if (!peer.TryAcceptReoffer(offer, out var answer))
            {
                return false;
            }
            _answers?.Send(new SignalingSend(SignalingMessageTypes.SdpAnswer, KvsSignalingClient.SdpJson("answer", answer), viewer, peer));
            metrics.OfferAnswered(Language);
            WorkerLog.ListenerRestartedIce(logger, viewer, Language);
            return true;
        }
        catch (FormatException)
        {
            return false; // checked already; a fresh connection reports it
        }
    }

    /// <summary>
    /// Tells the viewer no, in the one language signaling relays between peers: an answer rejecting every
    /// section of its offer, which its peer connection applies and stops on (no media state is made here).
    /// Sent once and not kept for retry: the pending-answer bound is for admitted viewers, and a refusal
    /// lost to throttling leaves the viewer waiting, as it did before refusals were sent.
    /// </summary>
    private async Task RefuseAsync(KvsSignalingClient signaling, string viewer, SessionDescription offer)
    {
        var refusal = AudioSdp.CreateRefusal(offer, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        try
        {
            await signaling.SendAsync(SignalingMessageTypes.SdpAnswer, KvsSignalingClient.SdpJson("answer", refusal.ToString()), viewer, correlationId: null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WorkerLog.RefusalNotSent(logger, viewer, Language, e.Message);
        }
    }

    private void OnStateChanged(string viewer, AudioPeerConnection peer, PeerConnectionState state)
    {
        switch (state)
        {
            case PeerConnectionState.Connected:
                _answers?.Forget(viewer, peer); // it has the answer
                fanOut.Add(peer);
                WorkerLog.ListenerConnected(logger, viewer, Language);
                break;
            // Disconnected means ICE consent lapsed (RFC 7675): the listener is gone, drop it.
            case PeerConnectionState.Disconnected or PeerConnectionState.Failed or PeerConnectionState.Closed:
                if (_byViewer.TryGetValue(viewer, out var current) && current == peer)
                {
                    _ = DropAsync(viewer);
                }
                break;
        }
    }

    /// <summary>The viewer never got its answer (refused for good, or throttled past the offer's lifetime): free its slot.</summary>
    private void OnAnswerAbandoned(SignalingSend send, string why)
    {
        if (send.Owner is AudioPeerConnection peer && _byViewer.TryGetValue(send.RecipientClientId, out var current) && current == peer)
        {
            metrics.OfferRejected(Language, "undelivered");
            _ = DropAsync(send.RecipientClientId);
        }
    }

    private async Task DropAsync(string viewer)
    {
        if (!_byViewer.TryRemove(viewer, out var peer))
        {
            return;
        }
        _answers?.Forget(viewer, peer);
        fanOut.Remove(peer);
        admission.Release();
        try
        {
            await peer.DisposeAsync();
        }
        catch (Exception e)
        {
            WorkerLog.ListenerCloseFailed(logger, viewer, e.Message);
        }
        WorkerLog.ListenerLeft(logger, viewer, Language);
    }
}
