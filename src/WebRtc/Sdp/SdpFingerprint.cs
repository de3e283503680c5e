using System.Globalization;

namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>The value of <c>a=fingerprint:</c> (RFC 8122 §5): hash function name and the colon-separated uppercase hex digest.</summary>
public sealed record SdpFingerprint(string Algorithm, byte[] Digest)
{
    public static bool TryParse(string? value, out SdpFingerprint fingerprint)
    {
        fingerprint = null!;
        var parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 })
        {
            return false;
        }

        var hex = parts[1].Split(':');
        var digest = new byte[hex.Length];
        for (var i = 0; i < hex.Length; i++)
        {
            if (hex[i].Length != 2 || !byte.TryParse(hex[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest[i]))
            {
                return false;
            }
        }

        fingerprint = new SdpFingerprint(parts[0].ToLowerInvariant(), digest);
        return true;
    }

    public override string ToString() => $"{Algorithm} {Convert.ToHexString(Digest).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b)}";

    public bool Equals(SdpFingerprint? other) => other is not null && other.Algorithm == Algorithm && other.Digest.AsSpan().SequenceEqual(Digest);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Digest.Length);
}
