namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// Which end of the DTLS handshake we play. From SDP (RFC 8842): <c>a=setup:active</c> is the
/// client, <c>a=setup:passive</c> the server; an <c>actpass</c> offerer is the server when the
/// answerer chose <c>active</c>.
/// </summary>
public enum DtlsRole
{
    Client,
    Server,
}
