using BroadcastOperator.Shared.Turn;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>
/// The TURN server (coturn with `use-auth-secret`) browsers may relay through, section `SessionApi:Turn`. Each credentials
/// response carries a credential for its client id minted by the TURN REST scheme (<see cref="TurnCredentialMinter"/>),
/// expiring with the signaling credentials beside it. Signaling's `Signaling:Turn` holds the same server and secret.
/// </summary>
public sealed class TurnOptions
{
    /// <summary>
    /// TURN URLs, e.g. `turn:turn.example.com:3478?transport=udp`, `turns:turn.example.com:443?transport=tcp`
    /// (`SessionApi__Turn__Urls__0`). Empty: no TURN server is handed out.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>coturn's `static-auth-secret`, at least 32 characters (`SessionApi__Turn__SharedSecret`). Required with Urls.</summary>
    public string SharedSecret { get; set; } = "";

    public bool Enabled => Urls.Count > 0;
}
