using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>What the SRTP benchmark protects with: the shipped profiles and the HMAC-SHA1 alternatives to compare.</summary>
public enum SrtpVariant
{
    /// <summary>AES_CM_128_HMAC_SHA1_80 as shipped (libcrypto SHA-1 midstates where available).</summary>
    AesCm,

    /// <summary>AES-CM with the managed SHA-1 midstates: what runs where libcrypto cannot be loaded.</summary>
    AesCmManagedHmac,

    /// <summary>AES-CM with .NET's IncrementalHash HMAC: the implementation before the midstates, as the baseline.</summary>
    AesCmIncrementalHashBaseline,

    /// <summary>AEAD_AES_128_GCM as shipped.</summary>
    Gcm,
}

internal static class SrtpVariants
{
    public static SrtpProfile Profile(this SrtpVariant variant) =>
        variant == SrtpVariant.Gcm ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AesCm128HmacSha1_80;

    /// <summary>The prefix of the variant's BENCH figures.</summary>
    public static string FigurePrefix(this SrtpVariant variant) => variant switch
    {
        SrtpVariant.AesCm => "srtp",
        SrtpVariant.AesCmManagedHmac => "srtp_managed_hmac",
        SrtpVariant.AesCmIncrementalHashBaseline => "srtp_baseline_incremental_hash",
        SrtpVariant.Gcm => "srtp_gcm",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    public static SrtpContext CreateContext(this SrtpVariant variant, byte[] masterKey, byte[] masterSalt)
    {
        var keys = SrtpSessionKeys.Derive(variant.Profile(), masterKey, masterSalt);
        return variant switch
        {
            SrtpVariant.AesCmManagedHmac => new SrtpContext(keys, HmacSha1Backend.Managed),
            SrtpVariant.AesCmIncrementalHashBaseline => new SrtpContext(keys, HmacSha1Backend.IncrementalHash),
            _ => new SrtpContext(keys),
        };
    }
}
