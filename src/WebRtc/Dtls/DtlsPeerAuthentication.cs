using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// What client and server share: our certificate as BouncyCastle credentials, the cipher suites,
/// and the check of the peer's certificate against the SDP fingerprint, made while the handshake
/// runs so that a mismatch aborts it with a bad_certificate alert.
/// </summary>
internal sealed class DtlsPeerAuthentication
{
    private readonly DtlsCertificate _localCertificate;
    private readonly DtlsFingerprint _expectedRemoteFingerprint;

    public DtlsPeerAuthentication(DtlsCertificate localCertificate, DtlsFingerprint expectedRemoteFingerprint)
    {
        _localCertificate = localCertificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
    }

    /// <summary>ECDSA certificates on our side; the RSA suites let a client of ours meet an RSA-keyed server.</summary>
    public static readonly int[] ServerCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    public static readonly int[] ClientCipherSuites =
    [
        .. ServerCipherSuites,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ];

    /// <summary>Why the peer was refused, for the handshake error; null while all is well.</summary>
    public string? Failure { get; private set; }

    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto)
    {
        var certificate = new Certificate([crypto.CreateCertificate(_localCertificate.DerArray)]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            _localCertificate.PrivateKey,
            certificate,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Throws a fatal bad_certificate alert unless the peer's leaf certificate has the expected fingerprint.</summary>
    public void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            Failure = "The peer sent no certificate; WebRTC requires one on both sides.";
            throw new TlsFatalAlert(AlertDescription.bad_certificate, Failure);
        }

        var leaf = chain.GetCertificateAt(0).GetEncoded();
        if (!_expectedRemoteFingerprint.Matches(leaf))
        {
            Failure = $"The peer's certificate does not match the SDP fingerprint: expected {_expectedRemoteFingerprint}, "
                + $"got {DtlsFingerprint.ForCertificate(leaf)}.";
            throw new TlsFatalAlert(AlertDescription.bad_certificate, Failure);
        }
    }

    public void Refuse(string reason, short alert)
    {
        Failure = reason;
        throw new TlsFatalAlert(alert, reason);
    }
}
