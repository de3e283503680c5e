using System.Globalization;

namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>
/// Offer and answer generation for one audio section with Opus/48000/2 (RFC 3264, RFC 8829 shapes):
/// BUNDLE of the one mid, rtcp-mux, ice-lite at session level when we are lite.
/// </summary>
public static class AudioSdp
{
    public static SessionDescription CreateOffer(AudioSdpOptions options) =>
        Build(options, options.Mid, options.OpusPayloadType, options.Direction, options.OfferSetup,
            options.Red ? options.RedPayloadType : null, options.Nack);

    /// <summary>
    /// Answers the first usable audio section of <paramref name="offer"/> and rejects every other
    /// section (video, data, a second audio) in place; throws <see cref="FormatException"/> when it
    /// cannot be answered.
    /// </summary>
    public static SessionDescription CreateAnswer(SessionDescription offer, AudioSdpOptions options)
    {
        if (!RemoteAudioDescription.TryRead(offer, out var remote, out var error))
        {
            throw new FormatException(error);
        }

        var setup = remote.Setup switch
        {
            DtlsSetup.Active => DtlsSetup.Passive,
            DtlsSetup.Passive => DtlsSetup.Active,
            _ => options.AnswerSetupForActPass,
        };
        var answer = Build(options, remote.Mid, remote.OpusPayloadType, options.Direction.AnswerTo(remote.Direction), setup,
            options.Red ? remote.RedPayloadType : null, options.Nack && remote.Nack);
        var audio = answer.Media[0];
        var answered = RemoteAudioDescription.AnsweredSection(offer);
        answer.Media.Clear();
        answer.Media.AddRange(offer.Media.Select(offered => ReferenceEquals(offered, answered) ? audio : RejectedMediaSection.For(offered)));
        return answer;
    }

    /// <summary>
    /// An answer that takes nothing: every offered section rejected in place with port 0 (RFC 3264 §6).
    /// It is how an answerer says no within offer/answer itself, so any WebRTC client can see it (its
    /// transceivers stop) where signaling has no message for a refusal.
    /// </summary>
    public static SessionDescription CreateRefusal(SessionDescription offer, ulong sessionId)
    {
        var refusal = new SessionDescription
        {
            Lines =
            [
                new('v', "0"),
                new('o', FormattableString.Invariant($"- {sessionId} 2 IN IP4 127.0.0.1")),
                new('s', "-"),
                new('t', "0 0"),
            ],
        };
        refusal.Media.AddRange(offer.Media.Select(RejectedMediaSection.For));
        return refusal;
    }

    /// <summary>True when the answer rejects every section: the answerer refused the offer.</summary>
    public static bool IsRefusal(SessionDescription answer) => answer.Media.Count > 0 && answer.Media.All(m => m.Port == 0);

    private static SessionDescription Build(AudioSdpOptions options, string mid, int payloadType, MediaDirection direction, DtlsSetup setup,
        int? redPayloadType, bool nack)
    {
        var pt = payloadType.ToString(CultureInfo.InvariantCulture);
        var red = redPayloadType?.ToString(CultureInfo.InvariantCulture);
        var host = options.Candidates.FirstOrDefault(c => c.IsUdp);
        var session = new SessionDescription
        {
            Lines =
            [
                new('v', "0"),
                new('o', FormattableString.Invariant($"- {options.SessionId} 2 IN IP4 127.0.0.1")),
                new('s', "-"),
                new('t', "0 0"),
                SdpLine.Attribute("group", "BUNDLE " + mid),
                SdpLine.Attribute("msid-semantic", " WMS " + options.StreamId),
            ],
        };
        if (options.IceLite)
        {
            session.Lines.Add(SdpLine.Attribute("ice-lite"));
        }

        var media = new MediaDescription
        {
            Media = "audio",
            Port = host?.Port ?? 9,
            Protocol = "UDP/TLS/RTP/SAVPF",
            // A receiver lists RED first: libwebrtc sends RED only when the answer prefers it to plain Opus.
            Formats = red is null ? [pt] : direction == MediaDirection.RecvOnly ? [red, pt] : [pt, red],
        };
        media.Lines.Add(new SdpLine('c', "IN IP4 " + (host?.Address ?? "0.0.0.0")));
        media.Lines.Add(SdpLine.Attribute("rtcp", "9 IN IP4 0.0.0.0"));
        foreach (var candidate in options.Candidates)
        {
            media.Lines.Add(SdpLine.Attribute("candidate", candidate.ToString()["candidate:".Length..]));
        }

        if (options.Candidates.Count > 0)
        {
            media.Lines.Add(SdpLine.Attribute("end-of-candidates"));
        }

        media.Lines.AddRange(
        [
            SdpLine.Attribute("ice-ufrag", options.IceUfrag),
            SdpLine.Attribute("ice-pwd", options.IcePassword),
            SdpLine.Attribute("fingerprint", options.Fingerprint.ToString()),
            SdpLine.Attribute("setup", setup.ToSdp()),
            SdpLine.Attribute("mid", mid),
            SdpLine.Attribute(direction.ToSdp()),
        ]);
        if (direction.Sends())
        {
            media.Lines.Add(SdpLine.Attribute("msid", $"{options.StreamId} {options.TrackId}"));
        }

        media.Lines.AddRange(
        [
            SdpLine.Attribute("rtcp-mux"),
            SdpLine.Attribute("rtpmap", pt + " opus/48000/2"),
            SdpLine.Attribute("fmtp", pt + " minptime=10;useinbandfec=1"),
        ]);
        if (nack)
        {
            media.Lines.Add(SdpLine.Attribute("rtcp-fb", pt + " nack"));
        }

        if (red is not null)
        {
            media.Lines.Add(SdpLine.Attribute("rtpmap", red + " red/48000/2"));
            media.Lines.Add(SdpLine.Attribute("fmtp", $"{red} {pt}/{pt}"));
        }

        if (direction.Sends())
        {
            var ssrc = options.Ssrc.ToString(CultureInfo.InvariantCulture);
            media.Lines.Add(SdpLine.Attribute("ssrc", $"{ssrc} cname:{options.CName}"));
            media.Lines.Add(SdpLine.Attribute("ssrc", $"{ssrc} msid:{options.StreamId} {options.TrackId}"));
        }

        session.Media.Add(media);
        return session;
    }
}
