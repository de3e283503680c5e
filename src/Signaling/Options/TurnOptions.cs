using BroadcastOperator.Shared.Turn;

namespace BroadcastOperator.Signaling.Options;

/// <summary>
/// The TURN server (coturn with `use-auth-secret`) GetIceServerConfig points callers at, section `Signaling:Turn`.
/// Each answer carries a credential minted for the caller's client id by the TURN REST scheme
/// (<see cref="TurnCredentialMinter"/>), living as long as the caller's scoped signaling credential.
/// </summary>
public sealed class TurnOptions
{
    /// <summary>
    /// TURN URIs, e.g. `turn:turn.example.com:3478?transport=udp`, `turns:turn.example.com:443?transport=tcp`
    /// (`Signaling__Turn__Uris__0`). Empty: no TURN server is handed out.
    /// </summary>
    public List<string> Uris { get; set; } = [];

    /// <summary>coturn's `static-auth-secret`, at least 32 characters (`Signaling__Turn__SharedSecret`). Required with Uris.</summary>
    public string SharedSecret { get; set; } = "";

    public bool Enabled => Uris.Count > 0;
}
