using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as SDP carries it (RFC 8122 §5): <c>sha-256 AB:CD:...</c>.
/// The expected remote fingerprint comes from the peer's <c>a=fingerprint</c>.
/// </summary>
public sealed class DtlsFingerprint
{
    private readonly byte[] _digest;

    private DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    /// <summary>Lower-case hash name as SDP spells it: sha-1, sha-256, sha-384 or sha-512.</summary>
    public string Algorithm { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>SHA-256 fingerprint of a DER-encoded certificate (what we put in our own SDP).</summary>
    public static DtlsFingerprint ForCertificate(ReadOnlySpan<byte> certificateDer) => Compute("sha-256", certificateDer);

    /// <summary>Parses the value of an <c>a=fingerprint</c> line, e.g. <c>sha-256 AB:CD:...</c>.</summary>
    public static bool TryParse(string? value, out DtlsFingerprint fingerprint)
    {
        fingerprint = null!;
        var parts = value?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 })
        {
            return false;
        }

        var algorithm = parts[0].ToLowerInvariant();
        var expectedLength = DigestLength(algorithm);
        var octets = parts[1].Split(':');
        if (expectedLength == 0 || octets.Length != expectedLength)
        {
            return false;
        }

        var digest = new byte[expectedLength];
        for (var i = 0; i < octets.Length; i++)
        {
            if (octets[i].Length != 2 || !byte.TryParse(octets[i], System.Globalization.NumberStyles.HexNumber, null, out digest[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    /// <summary>Parses an <c>a=fingerprint</c> value or throws <see cref="FormatException"/> saying why.</summary>
    public static DtlsFingerprint Parse(string value) =>
        TryParse(value, out var fingerprint)
            ? fingerprint
            : throw new FormatException($"Not an SDP certificate fingerprint (\"sha-256 AB:CD:...\"): '{value}'.");

    /// <summary>True when the certificate hashes to this fingerprint under the same algorithm.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) =>
        CryptographicOperations.FixedTimeEquals(Compute(Algorithm, certificateDer)._digest, _digest);

    /// <summary>The SDP form: algorithm, space, upper-case hex octets separated by colons.</summary>
    public override string ToString() => Algorithm + " " + Convert.ToHexString(_digest).Chunk(2).Aggregate(
        new System.Text.StringBuilder(_digest.Length * 3),
        (text, pair) => (text.Length > 0 ? text.Append(':') : text).Append(pair)).ToString();

    private static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> der) => new(algorithm, algorithm switch
    {
        "sha-1" => SHA1.HashData(der),
        "sha-256" => SHA256.HashData(der),
        "sha-384" => SHA384.HashData(der),
        "sha-512" => SHA512.HashData(der),
        _ => throw new ArgumentException($"Unsupported fingerprint hash '{algorithm}'.", nameof(algorithm)),
    });

    private static int DigestLength(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };
}
