using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>AES-GCM through the platform's library (OpenSSL here): used where the CPU lacks AES-NI or PCLMULQDQ.</summary>
internal sealed class PlatformAesGcm : IAesGcm
{
    private readonly AesGcm _aead;

    public PlatformAesGcm(ReadOnlySpan<byte> key) => _aead = new AesGcm(key, AesNiGcm.TagLength);

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        _aead.Encrypt(nonce, data, data, tag, associatedData);

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            _aead.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _aead.Dispose();
}
