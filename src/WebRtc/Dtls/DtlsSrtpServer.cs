using BroadcastOperator.WebRtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// BouncyCastle server side: DTLS 1.2 only, ECDSA credentials, picks the SRTP profile from the
/// client's use_srtp offer, and requests the client's certificate (WebRTC authenticates both ends).
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsPeerAuthentication _authentication;
    private readonly int _handshakeTimeoutMillis;
    private readonly SrtpProfileNegotiation _negotiation;
    private SrtpProfile? _profile;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsPeerAuthentication authentication, SrtpProfileNegotiation negotiation, int handshakeTimeoutMillis)
        : base(crypto)
    {
        _authentication = authentication;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        _negotiation = negotiation;
    }

    public (SrtpProfile Profile, byte[] Material)? Result { get; private set; }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsPeerAuthentication.ServerCipherSuites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        _authentication.CreateSigner(m_context, (BcTlsCrypto)Crypto);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _profile = _negotiation.Select(clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions));
        if (_profile is null)
        {
            _authentication.Refuse("The client offered none of our SRTP profiles (use_srtp).", AlertDescription.handshake_failure);
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _authentication.VerifyPeerCertificate(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var profile = _profile ?? throw new TlsFatalAlert(AlertDescription.internal_error, "No SRTP profile at handshake end.");
        Result = (profile, SrtpProfileNegotiation.ExportKeyingMaterial(m_context, profile));
    }
}
