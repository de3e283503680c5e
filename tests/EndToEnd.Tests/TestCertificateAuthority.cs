using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// A local CA made for one test run and the signaling certificate it issued (localhost, 127.0.0.1, ::1), as PEM files:
/// signaling takes the certificate through Signaling__CertificatePath / Signaling__CertificateKeyPath, and a browser
/// that trusts <see cref="CaCertificatePath"/> (a Firefox profile through certutil) opens its WSS endpoint as a user's would.
/// </summary>
public sealed record TestCertificateAuthority(string CaCertificatePath, string ServerCertificatePath, string ServerKeyPath)
{
    public static TestCertificateAuthority Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=BroadcastOperator end-to-end test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));

        var authority = new TestCertificateAuthority(Path.Combine(directory, "test-ca.pem"), Path.Combine(directory, "signaling.crt.pem"),
            Path.Combine(directory, "signaling.key.pem"));
        File.WriteAllText(authority.CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(authority.ServerCertificatePath, server.ExportCertificatePem());
        File.WriteAllText(authority.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return authority;
    }

    /// <summary>The environment that makes run-local.sh's signaling serve the issued certificate.</summary>
    public IReadOnlyDictionary<string, string> SignalingEnvironment => new Dictionary<string, string>
    {
        ["Signaling__CertificatePath"] = ServerCertificatePath,
        ["Signaling__CertificateKeyPath"] = ServerKeyPath,
    };
}
