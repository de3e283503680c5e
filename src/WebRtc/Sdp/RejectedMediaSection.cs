namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>
/// The answer to an offered media section we do not take (RFC 3264 §6, RFC 8829 §5.3.1): the same
/// media and protocol with port 0, one of the offered formats, and the offer's mid. An answer must
/// hold as many m-lines as the offer in the same order, or browsers refuse it.
/// </summary>
internal static class RejectedMediaSection
{
    public static MediaDescription For(MediaDescription offered)
    {
        var rejected = new MediaDescription
        {
            Media = offered.Media,
            Port = 0,
            Protocol = offered.Protocol,
            Formats = offered.Formats.Count > 0 ? [offered.Formats[0]] : [],
        };
        rejected.Lines.Add(new SdpLine('c', "IN IP4 0.0.0.0"));
        if (offered.Mid is { } mid)
        {
            rejected.Lines.Add(SdpLine.Attribute("mid", mid));
        }

        rejected.Lines.Add(SdpLine.Attribute(MediaDirection.Inactive.ToSdp()));
        return rejected;
    }
}
