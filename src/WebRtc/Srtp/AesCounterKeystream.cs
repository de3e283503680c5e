using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): block i is encrypted from IV + i (a
/// 128-bit big-endian sum; SRTP's IV ends in 16 zero bits). With AES-NI the blocks are encrypted
/// in managed code from precomputed round keys (no native call per packet); otherwise through one
/// cached ECB transform over preallocated buffers. Either way nothing is allocated per call.
/// Not thread-safe: one instance per packet direction.
/// </summary>
internal sealed class AesCounterKeystream : IDisposable
{
    private const int BlockSize = 16;
    private const int BlocksPerChunk = 128; // 2 KB: one MTU-sized packet in a single transform call

    private readonly AesNiBlockCipher? _hardware;
    private readonly Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly byte[]? _counterBlocks;
    private readonly byte[]? _keystream;

    public AesCounterKeystream(ReadOnlySpan<byte> key, bool allowHardware = true)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("SRTP uses AES-128: the key is 16 bytes.", nameof(key));
        }

        if (allowHardware && AesNiBlockCipher.IsSupported)
        {
            _hardware = new AesNiBlockCipher(key);
            return;
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _counterBlocks = new byte[BlocksPerChunk * BlockSize];
        _keystream = new byte[BlocksPerChunk * BlockSize];
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/> (encrypts or decrypts).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException("The counter-mode IV is 16 bytes.", nameof(iv));
        }

        if (_hardware is not null)
        {
            ApplyWithAesNi(_hardware, iv, data);
        }
        else
        {
            ApplyWithTransform(iv, data);
        }
    }

    private static void ApplyWithAesNi(AesNiBlockCipher keys, ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        ulong block = 0;
        for (; data.Length >= 4 * BlockSize; block += 4, data = data[(4 * BlockSize)..])
        {
            var k0 = Counter(high, low, block);
            var k1 = Counter(high, low, block + 1);
            var k2 = Counter(high, low, block + 2);
            var k3 = Counter(high, low, block + 3);
            keys.Encrypt4(ref k0, ref k1, ref k2, ref k3);
            XorBlock(data, k0);
            XorBlock(data[BlockSize..], k1);
            XorBlock(data[(2 * BlockSize)..], k2);
            XorBlock(data[(3 * BlockSize)..], k3);
        }

        for (; data.Length >= BlockSize; block++, data = data[BlockSize..])
        {
            XorBlock(data, keys.Encrypt(Counter(high, low, block)));
        }

        if (!data.IsEmpty)
        {
            Span<byte> lastBlock = stackalloc byte[BlockSize];
            keys.Encrypt(Counter(high, low, block)).CopyTo(lastBlock);
            Xor(data, lastBlock);
        }
    }

    /// <summary>Counter block IV + <paramref name="block"/>, a 128-bit big-endian sum, as a vector in memory order.</summary>
    private static Vector128<byte> Counter(ulong high, ulong low, ulong block)
    {
        var counterLow = low + block;
        var counterHigh = counterLow < low ? high + 1 : high;
        return Vector128.Create(BinaryPrimitives.ReverseEndianness(counterHigh), BinaryPrimitives.ReverseEndianness(counterLow)).AsByte();
    }

    private static void XorBlock(Span<byte> data, Vector128<byte> keystream) =>
        (Vector128.Create((ReadOnlySpan<byte>)data) ^ keystream).CopyTo(data);

    private void ApplyWithTransform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var firstBlock = 0;
        while (!data.IsEmpty)
        {
            var chunkLength = Math.Min(data.Length, _keystream!.Length);
            var blocks = (chunkLength + BlockSize - 1) / BlockSize;
            FillCounterBlocks(iv, firstBlock, blocks);
            _ecb!.TransformBlock(_counterBlocks!, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..chunkLength], _keystream);
            data = data[chunkLength..];
            firstBlock += blocks;
        }
    }

    private void FillCounterBlocks(ReadOnlySpan<byte> iv, int firstBlock, int blocks)
    {
        for (var i = 0; i < blocks; i++)
        {
            var block = _counterBlocks.AsSpan(i * BlockSize, BlockSize);
            iv.CopyTo(block);
            var carry = (uint)(firstBlock + i);
            for (var b = BlockSize - 1; b >= 0 && carry != 0; b--)
            {
                var sum = block[b] + (carry & 0xFF);
                block[b] = (byte)sum;
                carry = (carry >> 8) + (sum >> 8);
            }
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        var width = Vector<byte>.Count;
        for (; i + width <= data.Length; i += width)
        {
            (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb?.Dispose();
        _aes?.Dispose();
    }
}
