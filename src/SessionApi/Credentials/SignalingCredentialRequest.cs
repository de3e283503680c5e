using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>What a credential must open: one channel, one role, for one client id.</summary>
public sealed record SignalingCredentialRequest(string ChannelArn, ChannelRole Role, string ClientId);

/// <summary>Temporary AWS-style credentials, as the KVS SDKs take them.</summary>
public sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);
