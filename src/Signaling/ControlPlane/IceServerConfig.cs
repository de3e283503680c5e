using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Shared.Turn;
using BroadcastOperator.Signaling.Auth;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.ControlPlane;

/// <summary>
/// GetIceServerConfig's IceServerList for one caller, as KVS answers it: the configured STUN servers, then the TURN
/// server's URIs with a credential minted for this caller alone (TURN REST scheme, `Ttl` its lifetime in seconds).
/// </summary>
public sealed class IceServerConfig
{
    /// <summary>What KVS hands out (its `Ttl` is fixed at 300); the operator's static keys have no lifetime to copy.</summary>
    public static readonly TimeSpan OperatorTurnLifetime = TimeSpan.FromSeconds(300);

    private const string OperatorClientId = "operator";

    private readonly SignalingOptions _options;
    private readonly TurnCredentialMinter? _minter;

    public IceServerConfig(IOptions<SignalingOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _minter = _options.Turn.Enabled ? new TurnCredentialMinter(_options.Turn.SharedSecret, time) : null;
    }

    /// <param name="caller">Who signed the request: a scoped credential's claims or the operator.</param>
    /// <param name="requestedClientId">The request's ClientId; a scoped caller gets its own bound client id whatever it asks.</param>
    public List<IceServer> For(object caller, string? requestedClientId)
    {
        var servers = _options.IceServers.Select(s => new IceServer([.. s.Uris], null, null, null)).ToList();
        if (_minter is not null)
        {
            var (clientId, lifetime) = caller switch
            {
                // As long as the caller's own credential lived, so a listener's relay lasts as its signaling does.
                ScopedCredentialClaims claims => (claims.ClientId, TimeSpan.FromSeconds(claims.ExpiresAtUnixSeconds - claims.IssuedAtUnixSeconds)),
                OperatorPrincipal when ClientIdRules.IsValid(requestedClientId) => (requestedClientId!, OperatorTurnLifetime),
                _ => (OperatorClientId, OperatorTurnLifetime),
            };
            var credential = _minter.Mint(clientId, lifetime);
            servers.Add(new IceServer([.. _options.Turn.Uris], credential.Username, credential.Password, credential.LifetimeSeconds));
        }
        return servers;
    }
}
