namespace BroadcastOperator.WebRtc.Mux;

/// <summary>What a datagram is, by its first byte (RFC 7983 §7).</summary>
public enum MuxPacketKind
{
    /// <summary>0-3.</summary>
    Stun,

    /// <summary>20-63.</summary>
    Dtls,

    /// <summary>128-191: RTP or RTCP (told apart by the second byte, RFC 5761).</summary>
    Rtp,

    /// <summary>Anything else (ZRTP 16-19, TURN channels 64-79, ...): dropped.</summary>
    Unknown,
}

public static class MuxPacketClassifier
{
    public static MuxPacketKind Classify(ReadOnlySpan<byte> datagram) => datagram.IsEmpty ? MuxPacketKind.Unknown : datagram[0] switch
    {
        <= 3 => MuxPacketKind.Stun,
        >= 20 and <= 63 => MuxPacketKind.Dtls,
        >= 128 and <= 191 => MuxPacketKind.Rtp,
        _ => MuxPacketKind.Unknown,
    };
}
