namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>AES-128-GCM with a 16-byte tag and 12-byte nonce, in place; decrypt reports a bad tag as false, not an exception.</summary>
internal interface IAesGcm : IDisposable
{
    void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData);
}
