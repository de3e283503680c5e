using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// AES-128 encryption of single blocks with the x86 AES instructions, from round keys expanded once.
/// Lets counter mode run without a native call per packet.
/// </summary>
internal sealed class AesNiBlockCipher
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

    public AesNiBlockCipher(ReadOnlySpan<byte> key)
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

    /// <summary>
    /// Encrypts four independent blocks with their rounds interleaved: each AES round has a latency of
    /// several cycles but the unit accepts a new one every cycle, so four in flight cost about one.
    /// </summary>
    public void Encrypt4(ref Vector128<byte> block0, ref Vector128<byte> block1, ref Vector128<byte> block2, ref Vector128<byte> block3)
    {
        var keys = _roundKeys;
        var key = keys[0];
        Vector128<byte> s0 = block0 ^ key, s1 = block1 ^ key, s2 = block2 ^ key, s3 = block3 ^ key;
        for (var round = 1; round < 10; round++)
        {
            key = keys[round];
            s0 = X86Aes.Encrypt(s0, key);
            s1 = X86Aes.Encrypt(s1, key);
            s2 = X86Aes.Encrypt(s2, key);
            s3 = X86Aes.Encrypt(s3, key);
        }

        key = keys[10];
        block0 = X86Aes.EncryptLast(s0, key);
        block1 = X86Aes.EncryptLast(s1, key);
        block2 = X86Aes.EncryptLast(s2, key);
        block3 = X86Aes.EncryptLast(s3, key);
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
