namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet; anything but <see cref="Ok"/> means "drop it".</summary>
public enum SrtpStatus
{
    Ok,

    /// <summary>Not a well-formed RTP/RTCP packet, or too short to carry the tag.</summary>
    Malformed,

    /// <summary>The output buffer has no room for the tag (protect only).</summary>
    BufferTooSmall,

    /// <summary>Already received, or older than the replay window.</summary>
    Replayed,

    /// <summary>The authentication tag does not match: tampered, or keyed differently.</summary>
    AuthenticationFailed,
}
