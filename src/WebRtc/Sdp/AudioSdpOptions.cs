using BroadcastOperator.WebRtc.Ice;

namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>What our side puts into an audio offer or answer.</summary>
public sealed record AudioSdpOptions
{
    public required string IceUfrag { get; init; }

    public required string IcePassword { get; init; }

    public required SdpFingerprint Fingerprint { get; init; }

    public required IReadOnlyList<IceCandidate> Candidates { get; init; }

    public MediaDirection Direction { get; init; } = MediaDirection.SendRecv;

    /// <summary>True for our worker: it only answers checks (RFC 8445 §2.5).</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>Used in an offer; an answer picks active or passive from the offer.</summary>
    public DtlsSetup OfferSetup { get; init; } = DtlsSetup.ActPass;

    /// <summary>What we answer to an offer of actpass; passive makes the remote the DTLS client.</summary>
    public DtlsSetup AnswerSetupForActPass { get; init; } = DtlsSetup.Passive;

    public uint Ssrc { get; init; }

    public string CName { get; init; } = "broadcast";

    public string StreamId { get; init; } = "broadcast";

    public string TrackId { get; init; } = "audio";

    public int OpusPayloadType { get; init; } = 111;

    public string Mid { get; init; } = "0";

    /// <summary>
    /// Offer RED for Opus (RFC 2198, <c>red/48000/2</c> as libwebrtc negotiates it), and accept it in an answer when the
    /// offer has it; otherwise plain Opus.
    /// </summary>
    public bool Red { get; init; }

    /// <summary>The payload type we offer RED on (Chromium's is 63); an answer takes the offer's.</summary>
    public int RedPayloadType { get; init; } = 63;

    /// <summary>Offer generic NACK for Opus (<c>a=rtcp-fb:111 nack</c>, RFC 4585), and accept it when offered.</summary>
    public bool Nack { get; init; }

    public ulong SessionId { get; init; } = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
}
