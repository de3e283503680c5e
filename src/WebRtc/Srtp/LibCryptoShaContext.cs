using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// OpenSSL's SHA_CTX (openssl/sha.h): h0..h4, Nl, Nh, data[16], num — 24 32-bit words. Holds no
/// pointers, so a copy is an independent hash state (a midstate). Fed whole blocks only, its first
/// five words are the chaining value, which is the digest once the padding has gone in.
/// </summary>
[InlineArray(24)]
internal struct LibCryptoShaContext
{
    private uint _word;

    /// <summary>Writes h0..h4 as the 20-byte big-endian digest.</summary>
    public readonly void WriteDigest(Span<byte> digest)
    {
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], this[i]);
        }
    }
}
