using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Auth;

/// <summary>
/// Resolves both kinds of credentials this service accepts: the static operator key pair, and
/// scoped credentials (anything with a session token) minted by SessionApi.
/// </summary>
public sealed class SignalingCredentialResolver(StaticCredentialResolver operatorKeys, ScopedCredentialVerifier scoped)
    : ISigV4CredentialResolver
{
    public SigV4CredentialResolution Resolve(string accessKeyId, string? sessionToken, DateTimeOffset now) =>
        string.IsNullOrEmpty(sessionToken)
            ? operatorKeys.Resolve(accessKeyId, sessionToken, now)
            : scoped.Resolve(accessKeyId, sessionToken, now);
}
