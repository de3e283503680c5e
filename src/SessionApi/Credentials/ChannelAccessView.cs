using BroadcastOperator.SessionApi.Sessions;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// Everything a browser needs to open a channel with the KVS SDK: ARN, endpoints, region, ICE servers,
/// credentials, the client id they are bound to, and where to read captions.
/// </summary>
public sealed record ChannelAccessView(
    string SessionId,
    string Language,
    string ChannelArn,
    string Role,
    string ClientId,
    string Region,
    EndpointsView Endpoints,
    IReadOnlyList<IceServerView> IceServers,
    CredentialsView Credentials,
    string CaptionsUrl);

public sealed record CredentialsView(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

/// <summary>An ICE server in the browser's RTCIceServer shape; a TURN server's username and credential are minted for this response.</summary>
public sealed record IceServerView(IReadOnlyList<string> Urls, string? Username, string? Credential);
