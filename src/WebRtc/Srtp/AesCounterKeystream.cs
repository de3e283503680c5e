using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using Aes = System.Security.Cryptography.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

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

    private readonly AesNiRoundKeys? _hardware;
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

        if (allowHardware && AesNiRoundKeys.IsSupported)
        {
            _hardware = new AesNiRoundKeys(key);
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

    private static void ApplyWithAesNi(AesNiRoundKeys keys, ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        Span<byte> lastBlock = stackalloc byte[BlockSize];
        for (ulong block = 0; !data.IsEmpty; block++)
        {
            var counterLow = low + block;
            var counterHigh = counterLow < low ? high + 1 : high;
            var keystream = keys.Encrypt(Vector128.Create(
                BinaryPrimitives.ReverseEndianness(counterHigh),
                BinaryPrimitives.ReverseEndianness(counterLow)).AsByte());
            if (data.Length >= BlockSize)
            {
                (Vector128.Create((ReadOnlySpan<byte>)data) ^ keystream).CopyTo(data);
                data = data[BlockSize..];
            }
            else
            {
                keystream.CopyTo(lastBlock);
                Xor(data, lastBlock);
                data = default;
            }
        }
    }

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

    /// <summary>AES-128 encryption of single blocks with the x86 AES instructions.</summary>
    private sealed class AesNiRoundKeys
    {
        private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

        public AesNiRoundKeys(ReadOnlySpan<byte> key)
        {
            var k = Vector128.Create(key);
            _roundKeys[0] = k;
            // The round constant must be an immediate, hence one call per round.
            _roundKeys[1] = k = Expand(k, X86Aes.KeygenAssist(k, 0x01));
            _roundKeys[2] = k = Expand(k, X86Aes.KeygenAssist(k, 0x02));
            _roundKeys[3] = k = Expand(k, X86Aes.KeygenAssist(k, 0x04));
            _roundKeys[4] = k = Expand(k, X86Aes.KeygenAssist(k, 0x08));
            _roundKeys[5] = k = Expand(k, X86Aes.KeygenAssist(k, 0x10));
            _roundKeys[6] = k = Expand(k, X86Aes.KeygenAssist(k, 0x20));
            _roundKeys[7] = k = Expand(k, X86Aes.KeygenAssist(k, 0x40));
            _roundKeys[8] = k = Expand(k, X86Aes.KeygenAssist(k, 0x80));
            _roundKeys[9] = k = Expand(k, X86Aes.KeygenAssist(k, 0x1B));
            _roundKeys[10] = Expand(k, X86Aes.KeygenAssist(k, 0x36));
        }

        public static bool IsSupported => X86Aes.IsSupported && BitConverter.IsLittleEndian;

        public Vector128<byte> Encrypt(Vector128<byte> block)
        {
            var keys = _roundKeys;
            var state = block ^ keys[0];
            for (var round = 1; round < 10; round++)
            {
                state = X86Aes.Encrypt(state, keys[round]);
            }

            return X86Aes.EncryptLast(state, keys[10]);
        }

        private static Vector128<byte> Expand(Vector128<byte> key, Vector128<byte> assist)
        {
            // FIPS-197 key schedule: word i = word i-1 XOR word i-4, so each word XORs in all before it.
            var shifted = ShiftBytesLeft4(key);
            key ^= shifted;
            shifted = ShiftBytesLeft4(shifted);
            key ^= shifted;
            shifted = ShiftBytesLeft4(shifted);
            key ^= shifted;
            return key ^ Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte(); // SubWord(RotWord(w3)) ^ rcon, broadcast
        }

        private static Vector128<byte> ShiftBytesLeft4(Vector128<byte> value) =>
            Sse2.ShiftLeftLogical128BitLane(value, 4);
    }
}
