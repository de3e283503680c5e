using System.Numerics;
using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 16-byte IV's last two bytes count
/// the blocks. Keystream blocks come from one cached ECB transform over preallocated buffers, so
/// applying it allocates nothing. Not thread-safe: one instance per packet direction.
/// </summary>
internal sealed class AesCounterKeystream : IDisposable
{
    private const int BlockSize = 16;
    private const int BlocksPerChunk = 128; // 2 KB: one MTU-sized packet in a single transform call

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[BlocksPerChunk * BlockSize];
    private readonly byte[] _keystream = new byte[BlocksPerChunk * BlockSize];

    public AesCounterKeystream(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/> (encrypts or decrypts).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException("The counter-mode IV is 16 bytes.", nameof(iv));
        }

        var firstBlock = 0;
        while (!data.IsEmpty)
        {
            var chunkLength = Math.Min(data.Length, _keystream.Length);
            var blocks = (chunkLength + BlockSize - 1) / BlockSize;
            FillCounterBlocks(iv, firstBlock, blocks);
            _ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..chunkLength], _keystream);
            data = data[chunkLength..];
            firstBlock += blocks;
        }
    }

    private void FillCounterBlocks(ReadOnlySpan<byte> iv, int firstBlock, int blocks)
    {
        // The block counter is added to the IV as a 128-bit big-endian integer; SRTP's IV ends in
        // 16 zero bits and a packet has far fewer than 2^16 blocks, but carry anyway to stay exact.
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
        _ecb.Dispose();
        _aes.Dispose();
    }
}
