using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.Aws;

/// <summary>Resolves one fixed access key pair (the operator's control-plane credentials).</summary>
public sealed class StaticCredentialResolver(AwsCredentials credentials, object principal) : ISigV4CredentialResolver
{
    public SigV4CredentialResolution Resolve(string accessKeyId, string? sessionToken, DateTimeOffset now) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(accessKeyId), Encoding.UTF8.GetBytes(credentials.AccessKeyId))
            ? SigV4CredentialResolution.Found(credentials.SecretAccessKey, principal)
            : SigV4CredentialResolution.Rejected(SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid");
}
