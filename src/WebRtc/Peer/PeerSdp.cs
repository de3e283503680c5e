using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>The SDP decisions of a peer connection, kept apart from its media plumbing.</summary>
internal static class PeerSdp
{
    public static SessionDescription ParseRemote(string sdp, out RemoteAudioDescription remote)
    {
        if (!SessionDescription.TryParse(sdp, out var parsed, out var error) || !RemoteAudioDescription.TryRead(parsed, out remote!, out error))
        {
            throw new FormatException("Remote SDP: " + error);
        }

        return parsed;
    }

    public static SdpFingerprint FingerprintOf(DtlsCertificate certificate) =>
        SdpFingerprint.TryParse(certificate.Fingerprint.ToString(), out var fingerprint) ? fingerprint : throw new InvalidOperationException("Bad certificate fingerprint.");

    /// <summary>Our direction given the answerer's: its recvonly is our sendonly.</summary>
    public static MediaDirection ReverseOf(MediaDirection answered) => answered switch
    {
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        var same => same,
    };
}
