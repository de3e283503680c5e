using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// HMAC-SHA1 through .NET's reusable <see cref="IncrementalHash"/>: what SRTP used before the
/// midstate implementations; about 800 ns per Opus packet, so only the benchmark's baseline now.
/// </summary>
internal sealed class IncrementalHashHmacSha1 : IHmacSha1
{
    private readonly IncrementalHash _mac;

    public IncrementalHashHmacSha1(ReadOnlySpan<byte> key) => _mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        _mac.AppendData(message);
        Span<byte> digest = stackalloc byte[HmacSha1.DigestLength];
        _mac.GetHashAndReset(digest);
        digest[..tag.Length].CopyTo(tag);
    }

    public void Dispose() => _mac.Dispose();
}
