namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// HMAC-SHA1 (RFC 2104) under one key fixed at construction, for the per-packet tags of
/// AES_CM_128_HMAC_SHA1_80. Not thread-safe unless the implementation says so.
/// </summary>
internal interface IHmacSha1 : IDisposable
{
    /// <summary>Writes the first <c>tag.Length</c> (at most 20) bytes of HMAC-SHA1(key, message).</summary>
    void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag);
}
