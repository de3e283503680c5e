using System.Security.Claims;
using BroadcastOperator.SessionApi.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Auth;

/// <summary>Mints tokens with the local key, for `make token` and for tests.</summary>
public static class DevelopmentTokens
{
    public static string Create(AuthOptions options, JwtKeyMaterial keys, string subject, IEnumerable<string> roles, TimeSpan lifetime)
    {
        if (!keys.CanSign || keys.Key is null)
        {
            throw new InvalidOperationException("No local signing key: tokens come from the configured identity provider");
        }
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = new Dictionary<string, object> { ["roles"] = roles.ToArray() },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, keys.Algorithms[0]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
