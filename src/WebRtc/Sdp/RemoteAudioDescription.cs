using BroadcastOperator.WebRtc.Ice;

namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>What we need from the remote side's SDP for its audio section.</summary>
public sealed record RemoteAudioDescription(
    string Mid,
    string IceUfrag,
    string IcePassword,
    bool IceLite,
    SdpFingerprint Fingerprint,
    DtlsSetup Setup,
    MediaDirection Direction,
    int OpusPayloadType,
    uint? Ssrc,
    IReadOnlyList<IceCandidate> Candidates)
{
    /// <summary>Reads the first audio section; the error says what is missing.</summary>
    public static bool TryRead(SessionDescription sdp, out RemoteAudioDescription remote, out string error)
    {
        remote = null!;
        error = RemoteAudioProblem(sdp, out var audio) ?? string.Empty;
        if (audio is null || error.Length > 0)
        {
            return false;
        }

        SdpFingerprint.TryParse(sdp.GetAttribute(audio, "fingerprint"), out var fingerprint);
        var opus = audio.FindPayloadType("opus", 48000)!.Value;
        var setup = DtlsSetupExtensions.Parse(sdp.GetAttribute(audio, "setup"));
        var candidates = audio.Lines.GetAttributes("candidate")
            .Select(c => IceCandidate.TryParse(c, out var candidate) ? candidate : null)
            .OfType<IceCandidate>()
            .ToList();
        var ssrcText = audio.Lines.GetAttributes("ssrc").FirstOrDefault()?.Split(' ')[0];
        remote = new RemoteAudioDescription(
            audio.Mid ?? "0",
            sdp.GetAttribute(audio, "ice-ufrag")!,
            sdp.GetAttribute(audio, "ice-pwd")!,
            sdp.IsIceLite,
            fingerprint,
            setup ?? DtlsSetup.ActPass,
            audio.Direction,
            opus,
            uint.TryParse(ssrcText, out var ssrc) ? ssrc : null,
            candidates);
        return true;
    }

    /// <summary>The section <see cref="TryRead"/> reads: the first audio section not rejected (port 0).</summary>
    internal static MediaDescription? AnsweredSection(SessionDescription sdp) =>
        sdp.Media.FirstOrDefault(m => m.Media == "audio" && m.Port != 0);

    private static string? RemoteAudioProblem(SessionDescription sdp, out MediaDescription? audio)
    {
        audio = AnsweredSection(sdp);
        if (audio is null)
        {
            return "remote SDP lacks an audio section";
        }

        if (string.IsNullOrEmpty(sdp.GetAttribute(audio, "ice-ufrag")) || string.IsNullOrEmpty(sdp.GetAttribute(audio, "ice-pwd")))
        {
            return "remote SDP lacks a=ice-ufrag or a=ice-pwd";
        }

        if (!SdpFingerprint.TryParse(sdp.GetAttribute(audio, "fingerprint"), out _))
        {
            return "remote SDP lacks a valid a=fingerprint";
        }

        return audio.FindPayloadType("opus", 48000) is null ? "remote SDP offers no Opus/48000 in its audio section" : null;
    }
}
