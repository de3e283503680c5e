namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>The six session keys of one crypto context (RFC 3711 §4.3.1), already derived.</summary>
internal sealed record SrtpSessionKeys(
    SrtpProfile Profile,
    byte[] RtpEncryptionKey,
    byte[] RtpAuthenticationKey,
    byte[] RtpSalt,
    byte[] RtcpEncryptionKey,
    byte[] RtcpAuthenticationKey,
    byte[] RtcpSalt)
{
    private const int HmacSha1KeyLength = 20;

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterSaltLength()}-byte master salt.", nameof(masterSalt));
        }

        var authKeyLength = profile == SrtpProfile.AesCm128HmacSha1_80 ? HmacSha1KeyLength : 0;
        return new SrtpSessionKeys(
            profile,
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, masterKey.Length),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKeyLength),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, masterSalt.Length),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, masterKey.Length),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, authKeyLength),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, masterSalt.Length));
    }

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        var key = new byte[length];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, label, key);
        return key;
    }
}
