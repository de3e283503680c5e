using BroadcastOperator.SessionApi.Options;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Auth;

public static class AuthSetup
{
    public const string SpeakerPolicy = "speaker";

    /// <summary>JWT bearer with the configured issuer, audience and keys; algorithms pinned; skew at most 30 s.</summary>
    public static IServiceCollection AddSessionApiAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Authority.Length > 0 || o.Issuer.Length > 0, "Auth:Issuer is required without Auth:Authority")
            .ValidateOnStart();
        services.AddSingleton(provider => JwtKeyMaterial.Load(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, JwtKeyMaterial>((bearer, authOptions, keys) => Configure(bearer, authOptions.Value, keys));

        services.AddAuthorizationBuilder()
            .AddPolicy(SpeakerPolicy, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => CallerIdentity.From(context.User).MayCreateSessions));
        return services;
    }

    private static void Configure(JwtBearerOptions bearer, AuthOptions options, JwtKeyMaterial keys)
    {
        bearer.MapInboundClaims = false;
        if (options.Authority.Length > 0)
        {
            bearer.Authority = options.Authority;
            bearer.RequireHttpsMetadata = options.RequireHttpsMetadata;
        }
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = options.Issuer.Length > 0 ? options.Issuer : options.Authority,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = keys.Algorithms,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            NameClaimType = "sub",
            RoleClaimType = "role",
        };
    }
}
