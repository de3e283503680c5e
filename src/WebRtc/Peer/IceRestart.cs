using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>What a new offer from a remote we already have a connection with asks for.</summary>
public enum ReofferKind
{
    /// <summary>A new connection: its DTLS must start over, so the old one is replaced.</summary>
    NewConnection,

    /// <summary>New ICE credentials over the same DTLS association (RFC 8445 §9, JSEP §3.5.1).</summary>
    IceRestart,

    /// <summary>Nothing changed that we act on: answered again with the same credentials.</summary>
    SameIce,
}

/// <summary>
/// Decides whether a re-offer keeps the DTLS-SRTP association. A browser's ICE restart (<c>createOffer({iceRestart:
/// true})</c>) keeps its certificate, so its fingerprint, and its DTLS transport: Chromium and Firefox carry on with the
/// keys they have and never send a new ClientHello, so we must keep ours. A different fingerprint means a new
/// RTCPeerConnection (a reloaded page, a fresh join): the old association is useless to it. A changed codec or loss
/// protection is taken as a new connection too, since the association's media settings are fixed at the handshake here.
/// </summary>
public static class IceRestart
{
    public static ReofferKind Classify(RemoteAudioDescription current, RemoteAudioDescription offered)
    {
        if (!current.Fingerprint.Equals(offered.Fingerprint) || offered.Setup == Sdp.DtlsSetup.Passive
            || current.OpusPayloadType != offered.OpusPayloadType || current.RedPayloadType != offered.RedPayloadType
            || current.Nack != offered.Nack || current.Mid != offered.Mid)
        {
            return ReofferKind.NewConnection;
        }

        return current.IceUfrag == offered.IceUfrag && current.IcePassword == offered.IcePassword ? ReofferKind.SameIce : ReofferKind.IceRestart;
    }
}
