namespace BroadcastOperator.Aws;

/// <summary>Finds the secret behind an access key id (and session token) presented in a request.</summary>
public interface ISigV4CredentialResolver
{
    /// <summary>The secret and who it belongs to, or a failure reason (unknown key, bad or expired token).</summary>
    SigV4CredentialResolution Resolve(string accessKeyId, string? sessionToken, DateTimeOffset now);
}

/// <summary>Outcome of <see cref="ISigV4CredentialResolver.Resolve"/>.</summary>
public sealed record SigV4CredentialResolution(string? SecretAccessKey, object? Principal, SigV4Failure Failure,
    string? Detail = null)
{
    public static SigV4CredentialResolution Found(string secret, object principal) => new(secret, principal, SigV4Failure.None);

    public static SigV4CredentialResolution Rejected(SigV4Failure failure, string detail) => new(null, null, failure, detail);
}
