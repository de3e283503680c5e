namespace BroadcastOperator.WebRtc.Peer;

/// <summary>The peer connection's overall state, as the RTCPeerConnection connectionState reads.</summary>
public enum PeerConnectionState
{
    /// <summary>No remote description yet.</summary>
    New,

    /// <summary>Remote description set; ICE and DTLS under way.</summary>
    Connecting,

    /// <summary>ICE has a pair and SRTP keys are in place: media flows.</summary>
    Connected,

    /// <summary>ICE consent lapsed; may come back if the peer checks again.</summary>
    Disconnected,

    /// <summary>DTLS failed (fingerprint mismatch, timeout): no media, ever.</summary>
    Failed,

    Closed,
}
