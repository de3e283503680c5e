namespace BroadcastOperator.Shared.Signaling;

/// <summary>The `action` / `messageType` names of the KVS WebRTC signaling WebSocket protocol.</summary>
public static class SignalingMessageTypes
{
    public const string SdpOffer = "SDP_OFFER";
    public const string SdpAnswer = "SDP_ANSWER";
    public const string IceCandidate = "ICE_CANDIDATE";
    public const string StatusResponse = "STATUS_RESPONSE";
    public const string GoAway = "GO_AWAY";
    public const string ReconnectIceServer = "RECONNECT_ICE_SERVER";

    /// <summary>Actions a client may send.</summary>
    public static bool IsClientAction(string action) => action is SdpOffer or SdpAnswer or IceCandidate;
}
