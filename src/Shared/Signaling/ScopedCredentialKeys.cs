using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// The derivations shared by issuer and verifier. Every value is an HMAC-SHA256 under the root
/// key with a distinct label, so knowing one (the public access key id) reveals nothing of
/// another (the secret), and the signature covers the claims byte for byte.
/// </summary>
internal static class ScopedCredentialKeys
{
    public const int MinimumRootKeyBytes = 32;
    public const string AccessKeyPrefix = "ASIA";

    public static byte[] TokenSignature(byte[] rootKey, string encodedClaims) => Mac(rootKey, "token", encodedClaims);

    public static string AccessKeyId(byte[] rootKey, string sessionToken) =>
        AccessKeyPrefix + Base32(Mac(rootKey, "access-key-id", sessionToken).AsSpan(0, 10));

    public static string SecretAccessKey(byte[] rootKey, string sessionToken) =>
        Convert.ToBase64String(Mac(rootKey, "secret-access-key", sessionToken).AsSpan(0, 30));

    public static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[] Mac(byte[] rootKey, string label, string value) =>
        HMACSHA256.HashData(rootKey, Encoding.UTF8.GetBytes(label + "\n" + value));

    /// <summary>RFC 4648 base32 without padding: upper-case letters and digits, like AWS key ids.</summary>
    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var builder = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            builder.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return builder.ToString();
    }
}
