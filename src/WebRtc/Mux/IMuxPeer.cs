using System.Net;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Mux;

/// <summary>
/// One peer behind a <see cref="UdpMux"/>. Calls come from the mux's receive loop, one at a time,
/// and must return quickly (queue DTLS, unprotect and hand on media).
/// </summary>
public interface IMuxPeer
{
    /// <summary>Our ICE ufrag for this peer: the first half of the USERNAME of checks meant for it.</summary>
    string LocalUfrag { get; }

    /// <summary>A STUN message for this peer; returns true when it validated <paramref name="remote"/> (a valid check).</summary>
    bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote);

    /// <summary>A DTLS record from an endpoint this peer validated.</summary>
    void HandleDtls(ReadOnlySpan<byte> datagram, IPEndPoint remote);

    /// <summary>An SRTP or SRTCP packet from an endpoint this peer validated.</summary>
    void HandleRtp(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}
