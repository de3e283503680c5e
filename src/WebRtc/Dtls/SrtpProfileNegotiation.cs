using BroadcastOperator.WebRtc.Srtp;
using Org.BouncyCastle.Tls;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>The use_srtp extension (RFC 5764 §4.1): what we offer and how the server picks.</summary>
internal sealed class SrtpProfileNegotiation
{
    private readonly int[] _preferred;

    /// <param name="preferred">Profiles we accept, most preferred first.</param>
    public SrtpProfileNegotiation(IReadOnlyList<SrtpProfile> preferred)
    {
        if (preferred.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is needed.", nameof(preferred));
        }

        _preferred = preferred.Select(profile => (int)profile).ToArray();
    }

    public UseSrtpData Offer() => new(_preferred, TlsUtilities.EmptyBytes);

    /// <summary>The server's choice: our most preferred profile that the client offered; null when none.</summary>
    public SrtpProfile? Select(UseSrtpData? clientOffer)
    {
        if (clientOffer is null)
        {
            return null;
        }

        foreach (var profile in _preferred)
        {
            if (Array.IndexOf(clientOffer.ProtectionProfiles, profile) >= 0)
            {
                return (SrtpProfile)profile;
            }
        }

        return null;
    }

    /// <summary>The client's check of the server's answer: exactly one profile, one we offered.</summary>
    public SrtpProfile? Accept(UseSrtpData? serverAnswer) =>
        serverAnswer is { ProtectionProfiles: [var chosen] } && Array.IndexOf(_preferred, chosen) >= 0
            ? (SrtpProfile)chosen
            : null;

    public static byte[] ExportKeyingMaterial(TlsContext context, SrtpProfile profile) =>
        context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.KeyingMaterialLength(profile));
}
