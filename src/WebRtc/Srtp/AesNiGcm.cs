using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AES-128-GCM (NIST SP 800-38D) in managed code with AES-NI and carry-less multiply, so a packet
/// costs no native call (the platform call's fixed cost dominated a 150-byte packet).
/// GHASH works on blocks read big-endian into a <see cref="UInt128"/>: the top bit is the
/// coefficient of x^0, i.e. the polynomial bit-reflected, which is what carry-less multiplication
/// of reflected operands needs (see <see cref="Multiply"/>).
/// </summary>
internal sealed class AesNiGcm : IAesGcm
{
    public const int TagLength = 16;
    private const int NonceLength = 12;
    private const int BlockSize = 16;

    private readonly AesNiBlockCipher _aes;
    private readonly UInt128 _hashKey;

    public AesNiGcm(ReadOnlySpan<byte> key)
    {
        _aes = new AesNiBlockCipher(key);
        Span<byte> h = stackalloc byte[BlockSize];
        _aes.Encrypt(Vector128<byte>.Zero).CopyTo(h);
        _hashKey = BinaryPrimitives.ReadUInt128BigEndian(h);
    }

    public static bool IsSupported => AesNiBlockCipher.IsSupported && Pclmulqdq.IsSupported;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, tag);
        ApplyCounterMode(nonce, data);
        ComputeTag(nonce, data, associatedData, tag);
    }

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckSizes(nonce, tag);
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(nonce, data, associatedData, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        ApplyCounterMode(nonce, data);
        return true;
    }

    public void Dispose()
    {
    }

    private static void CheckSizes(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag)
    {
        if (nonce.Length != NonceLength || tag.Length != TagLength)
        {
            throw new ArgumentException("AES-GCM here takes a 12-byte nonce and a 16-byte tag.");
        }
    }

    /// <summary>Counter block n is nonce || n (32-bit big-endian); n = 1 masks the tag, data starts at 2.</summary>
    private static Vector128<byte> CounterBlock(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        nonce.CopyTo(block);
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    private Vector128<byte> KeystreamBlock(Vector128<byte> counterBlock, uint counter) =>
        _aes.Encrypt(counterBlock.AsUInt32().WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte());

    private void ApplyCounterMode(ReadOnlySpan<byte> nonce, Span<byte> data)
    {
        var counterBlock = CounterBlock(nonce);
        Span<byte> last = stackalloc byte[BlockSize];
        for (var counter = 2u; !data.IsEmpty; counter++)
        {
            var keystream = KeystreamBlock(counterBlock, counter);
            if (data.Length >= BlockSize)
            {
                (Vector128.Create((ReadOnlySpan<byte>)data) ^ keystream).CopyTo(data);
                data = data[BlockSize..];
            }
            else
            {
                keystream.CopyTo(last);
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] ^= last[i];
                }

                data = default;
            }
        }
    }

    private void ComputeTag(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> tag)
    {
        var hash = UInt128.Zero;
        hash = Absorb(hash, associatedData);
        hash = Absorb(hash, ciphertext);
        var lengths = ((UInt128)((ulong)associatedData.Length * 8) << 64) | (ulong)ciphertext.Length * 8;
        hash = Multiply(hash ^ lengths, _hashKey);

        BinaryPrimitives.WriteUInt128BigEndian(tag, hash);
        var mask = KeystreamBlock(CounterBlock(nonce), 1);
        (Vector128.Create((ReadOnlySpan<byte>)tag) ^ mask).CopyTo(tag);
    }

    /// <summary>GHASH over <paramref name="data"/>, its last block zero-padded.</summary>
    private UInt128 Absorb(UInt128 hash, ReadOnlySpan<byte> data)
    {
        while (data.Length >= BlockSize)
        {
            hash = Multiply(hash ^ BinaryPrimitives.ReadUInt128BigEndian(data), _hashKey);
            data = data[BlockSize..];
        }

        if (!data.IsEmpty)
        {
            Span<byte> padded = stackalloc byte[BlockSize];
            padded.Clear();
            data.CopyTo(padded);
            hash = Multiply(hash ^ BinaryPrimitives.ReadUInt128BigEndian(padded), _hashKey);
        }

        return hash;
    }

    /// <summary>
    /// a·b in GF(2^128) mod g = x^128 + x^7 + x^2 + x + 1, operands and result bit-reflected
    /// (bit 127 - k holds the coefficient of x^k).
    /// </summary>
    internal static UInt128 Multiply(UInt128 a, UInt128 b)
    {
        // The carry-less product of two reflected 128-bit values is the reflected 255-bit product;
        // one left shift aligns it as a reflected 256-bit value.
        var va = Vector128.Create((ulong)a, (ulong)(a >> 64));
        var vb = Vector128.Create((ulong)b, (ulong)(b >> 64));
        var low = ToUInt128(Pclmulqdq.CarrylessMultiply(va, vb, 0x00));
        var high = ToUInt128(Pclmulqdq.CarrylessMultiply(va, vb, 0x11));
        var middle = ToUInt128(Pclmulqdq.CarrylessMultiply(va, vb, 0x01) ^ Pclmulqdq.CarrylessMultiply(va, vb, 0x10));
        low ^= middle << 64;
        high ^= middle >> 64;
        high = (high << 1) | (low >> 127);
        low <<= 1;

        // Now high holds degrees 0..127 and low degrees 128..255 (as C, reflected). Fold C·x^128 back
        // as C·(1 + x + x^2 + x^7): multiplying by x^s shifts a reflected value right by s; the bits
        // pushed past x^127 come back (left-aligned) as a second, small fold.
        var folded = low ^ (low >> 1) ^ (low >> 2) ^ (low >> 7);
        var overflow = (low << 127) ^ (low << 126) ^ (low << 121);
        return high ^ folded ^ overflow ^ (overflow >> 1) ^ (overflow >> 2) ^ (overflow >> 7);
    }

    private static UInt128 ToUInt128(Vector128<ulong> value) => new(value.GetElement(1), value.GetElement(0));
}
