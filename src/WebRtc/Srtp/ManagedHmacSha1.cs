namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// HMAC-SHA1 in managed code from two midstates computed once per key: SHA-1 after the inner and
/// after the outer key block. A tag then costs the message's blocks plus one outer block, and no
/// native call. The fallback where libcrypto cannot be loaded.
/// </summary>
internal sealed class ManagedHmacSha1 : IHmacSha1
{
    private readonly Sha1State _inner;
    private readonly Sha1State _outer;

    public ManagedHmacSha1(ReadOnlySpan<byte> key)
    {
        Span<byte> innerBlock = stackalloc byte[HmacSha1.BlockLength];
        Span<byte> outerBlock = stackalloc byte[HmacSha1.BlockLength];
        HmacSha1.WriteKeyPads(key, innerBlock, outerBlock);
        _inner = Sha1State.Initial;
        _inner.Compress(innerBlock);
        _outer = Sha1State.Initial;
        _outer.Compress(outerBlock);
        innerBlock.Clear();
        outerBlock.Clear();
    }

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        Span<byte> final = stackalloc byte[Sha1Padding.MaxFinalLength];
        Span<byte> digest = stackalloc byte[HmacSha1.DigestLength];

        var wholeBlocks = message.Length - (message.Length % Sha1State.BlockLength);
        var state = _inner;
        state.Compress(message[..wholeBlocks]);
        var finalLength = Sha1Padding.WriteFinalBlocks(message[wholeBlocks..], HmacSha1.BlockLength + message.Length, final);
        state.Compress(final[..finalLength]);
        state.WriteDigest(digest);

        state = _outer;
        finalLength = Sha1Padding.WriteFinalBlocks(digest, HmacSha1.BlockLength + HmacSha1.DigestLength, final);
        state.Compress(final[..finalLength]);
        state.WriteDigest(digest);
        digest[..tag.Length].CopyTo(tag);
    }

    public void Dispose()
    {
    }
}
