using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>
/// JWT bearer settings, section `Auth` (environment `Auth__Issuer`, …). With neither <see cref="Authority"/> nor a
/// key configured, a development issuer signs with a local HS256 key kept in <see cref="DevelopmentKeyFile"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>OIDC authority (Cognito user pool URL, Keycloak realm URL). Empty: static or development keys.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Whether the authority's metadata must come over HTTPS. Default true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Expected `iss`. Default `broadcast-dev` (the development issuer); with an authority, empty means the authority.</summary>
    public string Issuer { get; set; } = "broadcast-dev";

    /// <summary>Expected `aud`. Default `broadcast-sessionapi`.</summary>
    [Required]
    public string Audience { get; set; } = "broadcast-sessionapi";

    /// <summary>Static symmetric key: base64 of at least 32 bytes. Empty: see <see cref="SigningKeyFile"/>.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>File with a PEM RSA key (public for validation, private to mint tokens too) or a base64 symmetric key.</summary>
    public string SigningKeyFile { get; set; } = "";

    /// <summary>Development key file, created with a random key when absent. Default `.local/sessionapi-jwt.key`.</summary>
    [Required]
    public string DevelopmentKeyFile { get; set; } = ".local/sessionapi-jwt.key";

    /// <summary>Accepted `alg` values. Empty: HS256 for symmetric keys, RS256 for RSA keys and authorities.</summary>
    public List<string> Algorithms { get; set; } = [];

    /// <summary>Clock skew tolerated on `exp`/`nbf`, in seconds. Default 30, at most 30.</summary>
    [Range(0, 30)]
    public int ClockSkewSeconds { get; set; } = 30;
}
