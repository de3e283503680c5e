namespace BroadcastOperator.Shared.Turn;

/// <summary>
/// A short-lived TURN credential of the TURN REST scheme: <see cref="Username"/> is `expiry:clientId`, <see cref="Password"/>
/// its HMAC under the secret the TURN server shares. Valid until <see cref="ExpiresAt"/>, for <see cref="LifetimeSeconds"/>
/// from when it was minted (KVS's `Ttl`).
/// </summary>
public sealed record TurnCredential(string Username, string Password, DateTimeOffset ExpiresAt, int LifetimeSeconds)
{
    // Records print every property; a password has no business in a log line.
    public override string ToString() => $"TurnCredential {{ Username = {Username}, ExpiresAt = {ExpiresAt:O} }}";
}
