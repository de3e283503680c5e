using BroadcastOperator.Aws;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// A minted credential as handed to a client: use AccessKeyId/SecretAccessKey/SessionToken with
/// any SigV4 signer (the KVS SDK's `credentials`), region and service `kinesisvideo` as usual.
/// </summary>
public sealed record ScopedCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    ScopedCredentialClaims Claims)
{
    public AwsCredentials ToAwsCredentials() => new(AccessKeyId, SecretAccessKey, SessionToken);

    public override string ToString() => $"ScopedCredential {{ AccessKeyId = {AccessKeyId}, Claims = {Claims} }}";
}
