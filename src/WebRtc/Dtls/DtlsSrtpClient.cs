using BroadcastOperator.WebRtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>BouncyCastle client side: DTLS 1.2 only, offers use_srtp, presents our certificate, checks the server's.</summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsPeerAuthentication _authentication;
    private readonly int _handshakeTimeoutMillis;
    private readonly SrtpProfileNegotiation _negotiation;
    private SrtpProfile? _profile;

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsPeerAuthentication authentication, SrtpProfileNegotiation negotiation, int handshakeTimeoutMillis)
        : base(crypto)
    {
        _authentication = authentication;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        _negotiation = negotiation;
    }

    /// <summary>Set once the handshake completed: the profile and the exported keying material.</summary>
    public (SrtpProfile Profile, byte[] Material)? Result { get; private set; }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsPeerAuthentication.ClientCipherSuites);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, _negotiation.Offer());
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _profile = _negotiation.Accept(serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions));
        if (_profile is null)
        {
            _authentication.Refuse("The server did not select one of the SRTP profiles we offered.", AlertDescription.illegal_parameter);
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var profile = _profile ?? throw new TlsFatalAlert(AlertDescription.internal_error, "No SRTP profile at handshake end.");
        Result = (profile, SrtpProfileNegotiation.ExportKeyingMaterial(m_context, profile));
    }

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client._authentication.VerifyPeerCertificate(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client._authentication.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto);
    }
}
