using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Auth;
using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.ControlPlane;
using BroadcastOperator.Signaling.DataPlane;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BroadcastOperator.Signaling.Hosting;

/// <summary>Builds the signaling web application; Program.cs and the tests both start it through here.</summary>
public static class SignalingHost
{
    /// <param name="args">Command line (configuration overrides such as `--Signaling:Port=0`).</param>
    /// <param name="configure">Extra configuration, applied last (tests use it).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddSingleton<IValidateOptions<SignalingOptions>, IceOptionsValidator>();
        builder.Services.AddOptions<SignalingOptions>().Bind(builder.Configuration.GetSection(SignalingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ScopedCredentialRootKey.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(o.ScopedCredentialRootKey) >= 32,
                "Signaling:ScopedCredentialRootKey must be at least 32 bytes")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(SignalingOptions.Section).Get<SignalingOptions>() ?? new SignalingOptions();
        var certificate = CertificateProvider.Load(options);
        // ALPN offers h2 and http/1.1: browsers that negotiate h2 (Firefox) open the WebSocket with an extended CONNECT.
        void Tls(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            switch (options.ListenAddress)
            {
                case "*" or "+":
                    kestrel.ListenAnyIP(options.Port, Tls);
                    break;
                case "localhost":
                    kestrel.ListenLocalhost(options.Port, Tls);
                    break;
                default:
                    var address = IPAddress.TryParse(options.ListenAddress, out var parsed)
                        ? parsed
                        : throw new InvalidOperationException($"Signaling:ListenAddress '{options.ListenAddress}' must be an IP address, localhost or *");
                    kestrel.Listen(address, options.Port, Tls);
                    break;
            }
        });
        AddServices(builder.Services);

        // Browser pages (served by SessionApi from another origin) call the control plane with fetch, as with real KVS.
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyHeader()
            .WithMethods("GET", "POST").WithExposedHeaders("x-amzn-ErrorType", "x-amzn-RequestId")));

        var app = builder.Build();
        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapKvsControlPlaneApi();
        DataPlaneEndpoint.MapSignalingDataPlane(app);
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", (ChannelRegistry _) => TypedResults.Text("ready"));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<SignalingMetrics>().Registry);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILogger<SignalingMetrics>>();
            foreach (var url in BoundUrls(app))
            {
                SignalingLog.Listening(logger, url);
            }
        });
        return app;
    }

    /// <summary>The https:// addresses Kestrel actually bound (the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> BoundUrls(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SignalingMetrics>();
        services.AddSingleton<OperatorCredentials>();
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<SignalingHub>();
        services.AddSingleton<DataPlaneEndpoint>();
        services.AddSingleton<KvsRequestReader>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<IceServerConfig>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SignalingOptions>>().Value;
            var rootKey = options.ScopedCredentialRootKey;
            if (rootKey.Length == 0)
            {
                SignalingLog.RandomRootKey(provider.GetRequiredService<ILogger<OperatorCredentials>>());
                rootKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            }
            var operatorKeys = new StaticCredentialResolver(provider.GetRequiredService<OperatorCredentials>().Credentials,
                OperatorPrincipal.Instance);
            return new SigV4Verifier(new SignalingCredentialResolver(operatorKeys, new ScopedCredentialVerifier(rootKey)),
                options.Region, "kinesisvideo");
        });
        // Resolved at start so the credentials file exists as soon as the service listens.
        services.AddHostedService<StartupWarmup>();
    }

    private sealed class StartupWarmup(OperatorCredentials credentials, SignalingHub hub) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(credentials);
            GC.KeepAlive(hub);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
