namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7), from the point of view of the SDP's author.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirectionExtensions
{
    public static string ToSdp(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool Sends(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The answer's direction given the offer's and what the answerer wants (RFC 3264 §6.1).</summary>
    public static MediaDirection AnswerTo(this MediaDirection wanted, MediaDirection offered)
    {
        var send = wanted.Sends() && offered.Receives();
        var receive = wanted.Receives() && offered.Sends();
        return (send, receive) switch
        {
            (true, true) => MediaDirection.SendRecv,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };
    }
}
