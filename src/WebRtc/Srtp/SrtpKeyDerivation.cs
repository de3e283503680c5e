namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with key derivation rate 0, as DTLS-SRTP uses it:
/// the AES-CM PRF keyed with the master key, IV = (master salt XOR label at byte 7) followed by a
/// 16-bit block counter. GCM's 12-byte master salt is zero-padded to 14 bytes first (RFC 7714 §11).
/// </summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    private const int PrfSaltLength = 14;

    /// <summary>Fills <paramref name="output"/> with the session key for <paramref name="label"/>.</summary>
    public static void DeriveSessionKey(
        ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterKey.Length != 16)
        {
            throw new ArgumentException("The SRTP master key is 16 bytes.", nameof(masterKey));
        }

        if (masterSalt.Length is not (12 or 14))
        {
            throw new ArgumentException("The SRTP master salt is 14 (AES-CM) or 12 (GCM) bytes.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[PrfSaltLength - 7] ^= label; // key_id = label || r (48 bits, 0 at rate 0), right-aligned in the salt

        output.Clear();
        using var prf = new AesCounterKeystream(masterKey);
        prf.Apply(iv, output);
    }
}
