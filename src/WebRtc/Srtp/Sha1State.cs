using System.Buffers.Binary;
using System.Numerics;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// The five chaining words of SHA-1 (FIPS 180-4 §6.1) and its compression function in managed
/// code. A state after whole blocks is a midstate: HMAC keeps two per key and resumes from them.
/// </summary>
internal struct Sha1State
{
    public const int BlockLength = 64;

    private uint _h0;
    private uint _h1;
    private uint _h2;
    private uint _h3;
    private uint _h4;

    /// <summary>The initial hash value H(0) of FIPS 180-4 §5.3.1.</summary>
    public static Sha1State Initial => new()
    {
        _h0 = 0x67452301,
        _h1 = 0xEFCDAB89,
        _h2 = 0x98BADCFE,
        _h3 = 0x10325476,
        _h4 = 0xC3D2E1F0,
    };

    /// <summary>Writes the 20-byte big-endian digest words.</summary>
    public readonly void WriteDigest(Span<byte> digest)
    {
        BinaryPrimitives.WriteUInt32BigEndian(digest, _h0);
        BinaryPrimitives.WriteUInt32BigEndian(digest[4..], _h1);
        BinaryPrimitives.WriteUInt32BigEndian(digest[8..], _h2);
        BinaryPrimitives.WriteUInt32BigEndian(digest[12..], _h3);
        BinaryPrimitives.WriteUInt32BigEndian(digest[16..], _h4);
    }

    /// <summary>Runs the compression function over each 64-byte block of <paramref name="blocks"/>.</summary>
    public void Compress(ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % BlockLength != 0)
        {
            throw new ArgumentException("SHA-1 compresses whole 64-byte blocks.", nameof(blocks));
        }

        Span<uint> w = stackalloc uint[80];
        for (; !blocks.IsEmpty; blocks = blocks[BlockLength..])
        {
            CompressBlock(blocks[..BlockLength], w);
        }
    }

    private void CompressBlock(ReadOnlySpan<byte> block, Span<uint> w)
    {
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 80; t++)
        {
            w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }

        // Five steps per pass, the roles of a..e rotating instead of the values (FIPS 180-4 §6.1.2
        // step 3 unrolled): no shuffling of five registers every step.
        uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4;
        for (var t = 0; t < 20; t += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + Choose(b, c, d) + 0x5A827999 + w[t];
            b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + Choose(a, b, c) + 0x5A827999 + w[t + 1];
            a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + Choose(e, a, b) + 0x5A827999 + w[t + 2];
            e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + Choose(d, e, a) + 0x5A827999 + w[t + 3];
            d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + Choose(c, d, e) + 0x5A827999 + w[t + 4];
            c = BitOperations.RotateLeft(c, 30);
        }

        for (var t = 20; t < 40; t += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w[t];
            b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w[t + 1];
            a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w[t + 2];
            e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w[t + 3];
            d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w[t + 4];
            c = BitOperations.RotateLeft(c, 30);
        }

        for (var t = 40; t < 60; t += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + Majority(b, c, d) + 0x8F1BBCDC + w[t];
            b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + Majority(a, b, c) + 0x8F1BBCDC + w[t + 1];
            a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + Majority(e, a, b) + 0x8F1BBCDC + w[t + 2];
            e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + Majority(d, e, a) + 0x8F1BBCDC + w[t + 3];
            d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + Majority(c, d, e) + 0x8F1BBCDC + w[t + 4];
            c = BitOperations.RotateLeft(c, 30);
        }

        for (var t = 60; t < 80; t += 5)
        {
            e += BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w[t];
            b = BitOperations.RotateLeft(b, 30);
            d += BitOperations.RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w[t + 1];
            a = BitOperations.RotateLeft(a, 30);
            c += BitOperations.RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w[t + 2];
            e = BitOperations.RotateLeft(e, 30);
            b += BitOperations.RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w[t + 3];
            d = BitOperations.RotateLeft(d, 30);
            a += BitOperations.RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w[t + 4];
            c = BitOperations.RotateLeft(c, 30);
        }

        _h0 += a;
        _h1 += b;
        _h2 += c;
        _h3 += d;
        _h4 += e;
    }

    private static uint Choose(uint x, uint y, uint z) => z ^ (x & (y ^ z));

    private static uint Majority(uint x, uint y, uint z) => (x & y) | (z & (x | y));
}
