using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>JWTs for the tests: good ones, and each kind of bad one a service must refuse.</summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "sessionapi-tests";
    public static readonly string KeyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("sessionapi-tests-signing-key-0123456789abcdef-long-enough-for-hs384"));
    public static readonly SymmetricSecurityKey Key = new(Convert.FromBase64String(KeyBase64));

    public static string For(string subject, params string[] roles) => Create(subject, roles);

    public static string Create(string subject, string[] roles, DateTime? expires = null, SecurityKey? key = null, string issuer = Issuer,
        string audience = Audience, string algorithm = SecurityAlgorithms.HmacSha256, string roleClaim = "roles")
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        var issuedAt = expiry.AddMinutes(-20) < DateTime.UtcNow.AddMinutes(-20) ? expiry.AddMinutes(-20) : DateTime.UtcNow.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = new Dictionary<string, object> { [roleClaim] = roleClaim == "role" ? string.Join(' ', roles) : roles },
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? Key, algorithm),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token (`alg: none`) with otherwise perfect claims.</summary>
    public static string Unsigned(string subject, params string[] roles)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            sub = subject, roles, iss = Issuer, aud = Audience, iat = now, nbf = now, exp = now + 600,
        }));
        return header + "." + payload + ".";
    }

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
