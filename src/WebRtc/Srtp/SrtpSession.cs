namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// Both directions of one peer's SRTP: <see cref="Outbound"/> is keyed with our master key and
/// protects what we send; <see cref="Inbound"/> is keyed with the peer's and unprotects what we
/// receive. Each direction may be used from its own thread.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    public SrtpSession(SrtpContext outbound, SrtpContext inbound)
    {
        Outbound = outbound;
        Inbound = inbound;
    }

    public SrtpContext Outbound { get; }

    public SrtpContext Inbound { get; }

    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
