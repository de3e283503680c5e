using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// What a DTLS-SRTP handshake hands back: the negotiated profile and both master keys and salts,
/// split from the exported "EXTRACTOR-dtls_srtp" keying material per RFC 5764 §4.2:
/// <c>client key | server key | client salt | server salt</c>. "Local" is what we protect with.
/// </summary>
public sealed class DtlsSrtpKeys
{
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private DtlsSrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    public SrtpProfile Profile { get; }

    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>Bytes of keying material a profile needs exported.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>Splits exported keying material; <paramref name="role"/> says which half is ours.</summary>
    public static DtlsSrtpKeys FromKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> material, DtlsRole role)
    {
        var keyLength = profile.MasterKeyLength();
        var saltLength = profile.MasterSaltLength();
        if (material.Length != KeyingMaterialLength(profile))
        {
            throw new ArgumentException($"{profile} needs {KeyingMaterialLength(profile)} bytes of keying material, got {material.Length}.", nameof(material));
        }

        var clientKey = material[..keyLength].ToArray();
        var serverKey = material.Slice(keyLength, keyLength).ToArray();
        var clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /// <summary>Context that protects what we send.</summary>
    public SrtpContext CreateOutboundContext() => SrtpContext.Create(Profile, LocalMasterKey.Span, LocalMasterSalt.Span);

    /// <summary>Context that unprotects what the peer sends.</summary>
    public SrtpContext CreateInboundContext() => SrtpContext.Create(Profile, RemoteMasterKey.Span, RemoteMasterSalt.Span);

    /// <summary>Both contexts together.</summary>
    public SrtpSession CreateSession() => new(CreateOutboundContext(), CreateInboundContext());
}
