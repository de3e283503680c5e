namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>Which code computes SRTP's HMAC-SHA1 tags.</summary>
internal enum HmacSha1Backend
{
    /// <summary>OpenSSL's libcrypto where it loads (SHA-NI when the CPU has it), else managed.</summary>
    Fastest,

    /// <summary>SHA-1 midstates in OpenSSL's libcrypto through its low-level SHA1_* functions.</summary>
    LibCrypto,

    /// <summary>SHA-1 midstates in managed code: works everywhere.</summary>
    Managed,

    /// <summary>.NET's IncrementalHash HMAC, kept as the baseline the benchmark compares against.</summary>
    IncrementalHash,
}
