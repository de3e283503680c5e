namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// HMAC-SHA1 from two SHA_CTX midstates kept per key (after the inner and the outer key block), hashed
/// by libcrypto. A tag costs three native calls: the message's whole blocks, its padded tail, and the
/// one outer block. Padding is written here, so libcrypto only ever compresses whole blocks.
/// </summary>
internal sealed class LibCryptoHmacSha1 : IHmacSha1
{
    private readonly LibCryptoShaContext _inner;
    private readonly LibCryptoShaContext _outer;

    public LibCryptoHmacSha1(ReadOnlySpan<byte> key)
    {
        Span<byte> innerBlock = stackalloc byte[HmacSha1.BlockLength];
        Span<byte> outerBlock = stackalloc byte[HmacSha1.BlockLength];
        HmacSha1.WriteKeyPads(key, innerBlock, outerBlock);
        LibCryptoSha1.Initialize(ref _inner);
        LibCryptoSha1.Update(ref _inner, innerBlock);
        LibCryptoSha1.Initialize(ref _outer);
        LibCryptoSha1.Update(ref _outer, outerBlock);
        innerBlock.Clear();
        outerBlock.Clear();
    }

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        Span<byte> final = stackalloc byte[Sha1Padding.MaxFinalLength];
        Span<byte> digest = stackalloc byte[HmacSha1.DigestLength];

        var wholeBlocks = message.Length - (message.Length % Sha1State.BlockLength);
        var context = _inner;
        if (wholeBlocks > 0)
        {
            LibCryptoSha1.Update(ref context, message[..wholeBlocks]);
        }

        var finalLength = Sha1Padding.WriteFinalBlocks(message[wholeBlocks..], HmacSha1.BlockLength + message.Length, final);
        LibCryptoSha1.Update(ref context, final[..finalLength]);
        context.WriteDigest(digest);

        context = _outer;
        finalLength = Sha1Padding.WriteFinalBlocks(digest, HmacSha1.BlockLength + HmacSha1.DigestLength, final);
        LibCryptoSha1.Update(ref context, final[..finalLength]);
        context.WriteDigest(digest);
        digest[..tag.Length].CopyTo(tag);
    }

    public void Dispose()
    {
    }
}
