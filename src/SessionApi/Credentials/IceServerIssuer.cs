using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Turn;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// The ICE servers of one credentials response: the configured STUN servers, then the TURN server with a credential
/// minted for this response's client id that expires with the signaling credentials it is handed out beside.
/// </summary>
public sealed class IceServerIssuer
{
    private readonly SessionApiOptions _options;
    private readonly TurnCredentialMinter? _minter;

    public IceServerIssuer(IOptions<SessionApiOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _minter = _options.Turn.Enabled ? new TurnCredentialMinter(_options.Turn.SharedSecret, time) : null;
    }

    public IReadOnlyList<IceServerView> For(string clientId, DateTimeOffset signalingExpiration)
    {
        var servers = _options.IceServers.Select(s => new IceServerView([.. s.Urls], null, null)).ToList();
        if (_minter is not null)
        {
            var credential = _minter.MintUntil(clientId, signalingExpiration);
            servers.Add(new IceServerView([.. _options.Turn.Urls], credential.Username, credential.Password));
        }
        return servers;
    }
}
