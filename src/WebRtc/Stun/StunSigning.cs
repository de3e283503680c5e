namespace BroadcastOperator.WebRtc.Stun;

/// <summary>What to append when writing: MESSAGE-INTEGRITY (SHA-1 or SHA-256) keyed with the ICE password, and FINGERPRINT.</summary>
public readonly record struct StunSigning(byte[]? IntegrityKey, bool AddFingerprint, bool UseSha256 = false)
{
    /// <summary>Short-term credentials: the key is the password's UTF-8 bytes (RFC 8489 §9.1.1).</summary>
    public static StunSigning ShortTerm(string password, bool fingerprint = true) =>
        new(System.Text.Encoding.UTF8.GetBytes(password), fingerprint);

    public int TrailerLength =>
        (IntegrityKey is null ? 0 : StunAttribute.HeaderLength + (UseSha256 ? MessageIntegrity.Sha256Length : MessageIntegrity.Sha1Length))
        + (AddFingerprint ? StunFingerprint.AttributeLength : 0);
}
