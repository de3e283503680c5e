namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>Raised inside BouncyCastle's receive call when our transport was closed, to end its wait at once.</summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("The DTLS transport was closed.")
    {
    }
}
