using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// Trust for the embedded service's self-signed certificate without turning TLS checks off: a
/// server is accepted when the system trusts it, or when it presents exactly the pinned certificate
/// (for example the PEM written by Signaling:GeneratedCertificatePath).
/// </summary>
public static class PinnedCertificate
{
    public static RemoteCertificateValidationCallback FromPemFile(string path) =>
        Trust(X509Certificate2.CreateFromPem(File.ReadAllText(path)));

    public static RemoteCertificateValidationCallback Trust(X509Certificate2 pinned)
    {
        var thumbprint = pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None
            || certificate is not null
            && string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), thumbprint,
                StringComparison.OrdinalIgnoreCase);
    }
}
