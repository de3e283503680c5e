namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// The SRTP protection profiles we speak. The numeric values are the DTLS-SRTP profile
/// identifiers of the use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// </summary>
public enum SrtpProfile
{
    /// <summary>AES_CM_128_HMAC_SHA1_80: AES counter mode and an 80-bit HMAC-SHA1 tag (RFC 3711).</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>AEAD_AES_128_GCM: AES-GCM with a 128-bit tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Sizes that depend on the profile.</summary>
public static class SrtpProfileSizes
{
    /// <summary>Master key length in bytes (16 for both profiles).</summary>
    public static int MasterKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AeadAes128Gcm => 16,
        _ => throw UnknownProfile(profile),
    };

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711), 12 for GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw UnknownProfile(profile),
    };

    /// <summary>Bytes an SRTP packet grows by when protected (the authentication tag).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw UnknownProfile(profile),
    };

    /// <summary>Bytes an SRTCP packet grows by when protected (tag plus the E flag and SRTCP index word).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    internal static ArgumentOutOfRangeException UnknownProfile(SrtpProfile profile) =>
        new(nameof(profile), profile, "Unknown SRTP protection profile.");
}
