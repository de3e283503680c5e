using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>What the agent made of one received STUN packet.</summary>
public enum IceCheckVerdict
{
    /// <summary>A valid check: the endpoint is validated and a success response goes back.</summary>
    Accepted,

    /// <summary>Rejected with an error response (400, 401, 420, 487).</summary>
    Rejected,

    /// <summary>Not a request (indication, response) or unusable; nothing is sent.</summary>
    Ignored,
}

/// <summary>The verdict and the encoded response to send back to the packet's source, if any.</summary>
public readonly record struct IceCheckOutcome(IceCheckVerdict Verdict, byte[]? Response, StunErrorCode? Error = null)
{
    public static readonly IceCheckOutcome Ignored = new(IceCheckVerdict.Ignored, null);
}
