using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

public class DtlsFingerprintTests
{
    [Fact]
    public void Generated_certificate_fingerprint_is_formatted_for_sdp()
    {
        var certificate = DtlsCertificate.Generate();

        var text = certificate.Fingerprint.ToString();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", text);
        Assert.True(certificate.Fingerprint.Matches(certificate.Der));
    }

    [Fact]
    public void Sdp_fingerprint_parses_back_and_matches_the_certificate()
    {
        var certificate = DtlsCertificate.Generate();

        var parsed = DtlsFingerprint.Parse(certificate.Fingerprint.ToString().ToLowerInvariant().Replace("sha-256", "SHA-256"));

        Assert.Equal("sha-256", parsed.Algorithm);
        Assert.True(parsed.Matches(certificate.Der));
        Assert.False(parsed.Matches(DtlsCertificate.Generate().Der));
    }

    [Fact]
    public void Sha1_fingerprints_from_older_peers_are_understood()
    {
        var certificate = DtlsCertificate.Generate();
        var digest = System.Security.Cryptography.SHA1.HashData(certificate.Der);

        var parsed = DtlsFingerprint.Parse("sha-1 " + string.Join(':', digest.Select(b => b.ToString("X2"))));

        Assert.True(parsed.Matches(certificate.Der));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 ZZ:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD")]
    [InlineData("sha-256 ABC:D:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD")]
    [InlineData("sha-1 AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD extra")]
    public void Malformed_fingerprints_are_refused(string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out _));
        if (value is not null)
        {
            Assert.Throws<FormatException>(() => DtlsFingerprint.Parse(value));
        }
    }
}
