using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BroadcastOperator.Signaling.Options;

namespace BroadcastOperator.Signaling.Hosting;

/// <summary>The TLS certificate: the configured one, or a self-signed one for localhost made at start.</summary>
public static class CertificateProvider
{
    public static X509Certificate2 Load(SignalingOptions options)
    {
        if (options.CertificatePath.Length > 0)
        {
            return options.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                || options.CertificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(options.CertificatePath, NullIfEmpty(options.CertificateKeyPath))
                : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, NullIfEmpty(options.CertificatePassword));
        }
        var certificate = CreateSelfSigned();
        if (options.GeneratedCertificatePath.Length > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.GeneratedCertificatePath))!);
            File.WriteAllText(options.GeneratedCertificatePath, certificate.ExportCertificatePem());
        }
        return certificate;
    }

    /// <summary>ECDSA P-256, valid for a year, for localhost, 127.0.0.1 and ::1.</summary>
    public static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=BroadcastOperator Signaling (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        // Kestrel needs a certificate whose key is exportable/persisted in this form on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
