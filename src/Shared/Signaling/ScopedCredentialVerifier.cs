using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BroadcastOperator.Aws;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// Checks a scoped credential presented in a SigV4 request (access key id + session token):
/// token signature, expiry and key binding, then hands the derived secret to the SigV4 verifier.
/// The principal it resolves to is the token's <see cref="ScopedCredentialClaims"/>.
/// </summary>
public sealed class ScopedCredentialVerifier(string rootKey) : ISigV4CredentialResolver
{
    private readonly byte[] _rootKey = ScopedCredentialIssuer.RootKeyBytes(rootKey);

    /// <summary>The claims of a genuine, unexpired token issued for <paramref name="accessKeyId"/>.</summary>
    public bool TryVerify(string accessKeyId, string? sessionToken, DateTimeOffset now, out ScopedCredentialClaims claims,
        out SigV4Failure failure, out string detail)
    {
        claims = null!;
        var resolution = Resolve(accessKeyId, sessionToken, now);
        failure = resolution.Failure;
        detail = resolution.Detail ?? "";
        if (resolution.Principal is ScopedCredentialClaims verified)
        {
            claims = verified;
            return true;
        }
        return false;
    }

    public SigV4CredentialResolution Resolve(string accessKeyId, string? sessionToken, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(sessionToken))
        {
            return SigV4CredentialResolution.Rejected(SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid");
        }
        var dot = sessionToken.IndexOf('.');
        if (dot <= 0 || dot == sessionToken.Length - 1 || sessionToken.Length > 8192)
        {
            return Invalid("The session token is malformed");
        }
        var encodedClaims = sessionToken[..dot];
        var signature = ScopedCredentialKeys.FromBase64Url(sessionToken[(dot + 1)..]);
        var expected = ScopedCredentialKeys.TokenSignature(_rootKey, encodedClaims);
        if (signature is null || !CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return Invalid("The session token signature is invalid");
        }
        var expectedKeyId = ScopedCredentialKeys.AccessKeyId(_rootKey, sessionToken);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(accessKeyId), Encoding.UTF8.GetBytes(expectedKeyId)))
        {
            return Invalid("The access key id does not belong to the session token");
        }
        if (ParseClaims(encodedClaims) is not { } claims)
        {
            return Invalid("The session token claims are malformed");
        }
        if (now >= claims.ExpiresAt)
        {
            return SigV4CredentialResolution.Rejected(SigV4Failure.ExpiredCredential, "The security token included in the request is expired");
        }
        return SigV4CredentialResolution.Found(ScopedCredentialKeys.SecretAccessKey(_rootKey, sessionToken), claims);
    }

    private static ScopedCredentialClaims? ParseClaims(string encodedClaims)
    {
        if (ScopedCredentialKeys.FromBase64Url(encodedClaims) is not { } json)
        {
            return null;
        }
        try
        {
            var claims = JsonSerializer.Deserialize(json, ScopedCredentialJsonContext.Default.ScopedCredentialClaims);
            return claims is not null && ChannelArn.TryParse(claims.ChannelArn, out _) && ChannelRoleNames.TryParse(claims.Role, out _)
                   && ClientIdRules.IsValid(claims.ClientId)
                ? claims
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SigV4CredentialResolution Invalid(string detail) =>
        SigV4CredentialResolution.Rejected(SigV4Failure.InvalidSessionToken, detail);
}
