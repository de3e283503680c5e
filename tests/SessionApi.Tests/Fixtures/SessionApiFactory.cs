using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>The real SessionApi in memory, pointed at the embedded API server and one namespace.</summary>
public sealed class SessionApiFactory(string kubeconfig, string @namespace, IDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<BroadcastOperator.SessionApi.Hosting.SessionApiAssembly>
{
    public const string RootKey = "sessionapi-tests-scoped-credential-root-key-0123456789";
    public const string TurnSecret = "sessionapi-tests-turn-shared-secret-0123456789";
    public const string StunUrl = "stun:127.0.0.1:3478";
    public const string TurnUrl = "turn:127.0.0.1:3478?transport=udp";

    public string Namespace => @namespace;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SessionApi:Kubeconfig"] = kubeconfig,
            ["SessionApi:Namespace"] = @namespace,
            ["Auth:Issuer"] = TestTokens.Issuer,
            ["Auth:Audience"] = TestTokens.Audience,
            ["Auth:SigningKey"] = TestTokens.KeyBase64,
            ["Credentials:ScopedCredentialRootKey"] = RootKey,
            ["SessionApi:IceServers:0:Urls:0"] = StunUrl,
            ["SessionApi:Turn:Urls:0"] = TurnUrl,
            ["SessionApi:Turn:SharedSecret"] = TurnSecret,
            ["RateLimits:CreatePerWindow"] = "1000",
            ["RateLimits:JoinsPerListenerPerWindow"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // A null override removes the test setting, so the service's own default applies.
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }

    /// <summary>A client that sends a bearer token for <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public HttpClient ClientFor(string subject, params string[] roles) => ClientWithToken(TestTokens.For(subject, roles));

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}
