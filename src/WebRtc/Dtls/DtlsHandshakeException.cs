namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>The DTLS-SRTP handshake did not produce keys; the message says why (fingerprint, profile, timeout, closed, alert).</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
