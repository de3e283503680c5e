using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>Tunables of a DTLS-SRTP handshake; the defaults suit WebRTC.</summary>
public sealed record DtlsSrtpOptions
{
    /// <summary>The whole handshake must finish within this (BouncyCastle retransmits inside it).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// SRTP profiles offered (client) or accepted (server), most preferred first. GCM leads: it is
    /// cheaper per packet and browsers offer it.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80];

    /// <summary>Received datagrams waiting for the handshake thread; more are dropped, as UDP would.</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>
    /// After the handshake, how long we keep reading DTLS so a peer that lost our last flight can
    /// retransmit its own and get ours again (RFC 6347 §4.2.4). Then the thread ends: no thread stays
    /// per peer. <see cref="Timeout.InfiniteTimeSpan"/> reads until closed.
    /// </summary>
    public TimeSpan PostHandshakeLinger { get; init; } = TimeSpan.FromSeconds(10);
}
