using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>Creates the HMAC-SHA1 implementation a backend names, and the key pads they share.</summary>
internal static class HmacSha1
{
    public const int BlockLength = 64;
    public const int DigestLength = 20;

    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5C;

    public static IHmacSha1 Create(ReadOnlySpan<byte> key, HmacSha1Backend backend = HmacSha1Backend.Fastest) => backend switch
    {
        HmacSha1Backend.Fastest when LibCryptoSha1.IsAvailable => new LibCryptoHmacSha1(key),
        HmacSha1Backend.Fastest => new ManagedHmacSha1(key),
        HmacSha1Backend.LibCrypto => LibCryptoSha1.IsAvailable
            ? new LibCryptoHmacSha1(key)
            : throw new PlatformNotSupportedException("OpenSSL's libcrypto (SHA1_* functions) could not be loaded."),
        HmacSha1Backend.Managed => new ManagedHmacSha1(key),
        HmacSha1Backend.IncrementalHash => new IncrementalHashHmacSha1(key),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown HMAC-SHA1 backend."),
    };

    /// <summary>
    /// The two 64-byte blocks HMAC hashes before the message (key XOR ipad) and before the inner
    /// digest (key XOR opad); a key longer than a block is hashed first (RFC 2104 §2).
    /// </summary>
    public static void WriteKeyPads(ReadOnlySpan<byte> key, Span<byte> innerBlock, Span<byte> outerBlock)
    {
        Span<byte> hashedKey = stackalloc byte[DigestLength];
        scoped ReadOnlySpan<byte> blockKey = key;
        if (key.Length > BlockLength)
        {
            SHA1.HashData(key, hashedKey);
            blockKey = hashedKey;
        }

        innerBlock[..BlockLength].Fill(InnerPad);
        outerBlock[..BlockLength].Fill(OuterPad);
        for (var i = 0; i < blockKey.Length; i++)
        {
            innerBlock[i] ^= blockKey[i];
            outerBlock[i] ^= blockKey[i];
        }

        CryptographicOperations.ZeroMemory(hashedKey);
    }
}
