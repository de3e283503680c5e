using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.WebRtc.Peer;

public sealed record PeerConnectionOptions
{
    /// <summary>Our DTLS identity; one can be shared by every peer of a process.</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>What we want to do with audio; the answer narrows it to what both sides allow.</summary>
    public MediaDirection Direction { get; init; } = MediaDirection.SendRecv;

    /// <summary>True (the worker): ICE-lite, answers checks. False: a controlling full agent that sends checks (our test and load clients).</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>RFC 7675 consent timeout for the lite side; the controlling side uses the same value.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often consent is checked and, when controlling, how often checks are repeated once connected.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>SSRC of our outgoing audio; random when zero.</summary>
    public uint Ssrc { get; init; }

    public DtlsSrtpOptions? Dtls { get; init; }

    /// <summary>
    /// Loss protection by redundancy: offer RED for Opus (RFC 2198) and take it when the remote offers it; a sending
    /// peer then repeats each previous frame in the next packet, a receiving one recovers a lost packet from the next.
    /// </summary>
    public bool Red { get; init; }

    /// <summary>
    /// Loss protection by retransmission: offer and take generic NACK for Opus (RFC 4585); a sending peer keeps its
    /// last packets to resend, a receiving one asks for gaps.
    /// </summary>
    public bool Nack { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
