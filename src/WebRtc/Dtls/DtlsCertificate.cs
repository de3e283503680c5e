using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// Our DTLS identity: a self-signed ECDSA P-256 certificate made at start (WebRTC certificates are
/// not checked against a CA, only against the SDP fingerprint). One per process or per session is
/// enough; share it between peers.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.ForCertificate(der);
    }

    /// <summary>The certificate, DER-encoded.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>SHA-256 fingerprint; <c>Fingerprint.ToString()</c> is the value of our <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    internal byte[] DerArray => _der;

    /// <summary>Generates a fresh key pair and certificate valid from yesterday for <paramref name="validity"/> (default 30 days).</summary>
    public static DtlsCertificate Generate(string commonName = "BroadcastOperator WebRTC", TimeSpan? validity = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("EC");
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=" + commonName);
        var now = DateTime.UtcNow;
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + (validity ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private);
    }
}
