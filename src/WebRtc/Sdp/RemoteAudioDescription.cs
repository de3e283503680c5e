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
    IReadOnlyList<IceCandidate> Candidates,
    int? RedPayloadType = null,
    bool Nack = false)
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
            candidates,
            RedForOpus(audio, opus),
            audio.Lines.GetAttributes("rtcp-fb").Any(fb => fb == FormattableString.Invariant($"{opus} nack")));
        return true;
    }

    /// <summary>The payload type of <c>red/48000/2</c> whose blocks are all Opus (<c>a=fmtp:63 111/111</c>), if offered.</summary>
    private static int? RedForOpus(MediaDescription audio, int opus)
    {
        if (audio.FindPayloadType("red", 48000) is not { } red)
        {
            return null;
        }

        var prefix = FormattableString.Invariant($"{red} ");
        var formats = audio.Lines.GetAttributes("fmtp").FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Split('/');
        return formats is { Length: > 1 } && formats.All(f => f == opus.ToString(System.Globalization.CultureInfo.InvariantCulture)) ? red : null;
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
