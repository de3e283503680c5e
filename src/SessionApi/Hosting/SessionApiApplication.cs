using Amazon;
using Amazon.SecurityToken;
using BroadcastOperator.SessionApi.Archive;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Captions;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>Builds the SessionApi web application (services, middleware, routes).</summary>
public static class SessionApiApplication
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        UsePages(app);
        app.UseMiddleware<BodySizeLimit>();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapMetrics("/metrics");
        app.MapSessionsApi();
        app.MapCredentialsApi();
        app.MapCaptionsApi();
        app.MapArchiveApi();
        return app;
    }

    /// <summary>
    /// The speaker and listener pages (wwwroot, copied next to the assembly at build), served from
    /// the assembly's folder so they are found whatever the working directory.
    /// </summary>
    private static void UsePages(WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            return;
        }
        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["speaker.html"] });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<SessionApiOptions>, IceOptionsValidator>();
        services.AddOptions<SessionApiOptions>().Bind(configuration.GetSection(SessionApiOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.ServedPairs.All(p => ConfiguredLanguageSupport.TryParsePair(p, out _)), "SessionApi:ServedPairs items look like en-es")
            .Validate(o => o.CaptionTicketKey.Length is 0 or >= 32, "SessionApi:CaptionTicketKey must be at least 32 characters")
            .Validate(o => o.PublicBaseUrl.Length == 0 || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "SessionApi:PublicBaseUrl must be an absolute URL")
            .ValidateOnStart();
        services.AddOptions<CredentialOptions>().Bind(configuration.GetSection(CredentialOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.ScopedCredentialRootKey.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(o.ScopedCredentialRootKey) >= 32,
                "Credentials:ScopedCredentialRootKey must be at least 32 bytes")
            .ValidateOnStart();
        services.AddOptions<ArchiveOptions>().Bind(configuration.GetSection(ArchiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // AWS mode (a bucket set): S3 and presigned URLs; else the archive folder. The S3 client is made on first use only.
        services.AddSingleton<IArchiveStore>(provider =>
        {
            var archive = provider.GetRequiredService<IOptions<ArchiveOptions>>();
            return archive.Value.S3.Enabled
                ? new S3ArchiveStore(S3ArchiveStore.CreateClient(archive.Value.S3), archive, provider.GetRequiredService<TimeProvider>())
                : new DirectoryArchiveStore(archive);
        });
        services.AddSessionApiAuth(configuration);
        services.AddSessionApiRateLimits(configuration);
        services.AddSessionApiHealth();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiProblemHandler>();
        services.AddOpenApi();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KubernetesClientProvider>();
        services.AddSingleton<ISessionStore, KubernetesSessionStore>();
        services.AddSingleton<JoinSessionReads>();
        services.AddSingleton<ILanguageSupport>(provider => new ConfiguredLanguageSupport(provider.GetRequiredService<IOptions<SessionApiOptions>>()));
        services.AddSingleton<CreateSessionValidator>();
        services.AddSingleton<ISignalingCredentialProvider>(provider => new EmbeddedCredentialProvider(
            provider.GetRequiredService<IOptions<CredentialOptions>>(), provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISignalingCredentialProvider>(provider => new KvsCredentialProvider(
            new Lazy<IAmazonSecurityTokenService>(() => CreateSts(provider.GetRequiredService<IOptions<CredentialOptions>>().Value)),
            provider.GetRequiredService<IOptions<CredentialOptions>>()));
        services.AddSingleton<SignalingCredentialProviders>();
        services.AddSingleton<IceServerIssuer>();
        services.AddSingleton<ChannelAccessIssuer>();
        services.AddSingleton<CaptionTickets>();
        services.AddSingleton<CaptionsRelay>();
    }

    // Created on first KVS use only, so an embedded-only deployment needs no AWS credentials.
    private static AmazonSecurityTokenServiceClient CreateSts(CredentialOptions options)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        if (options.StsServiceUrl.Length > 0)
        {
            config.ServiceURL = options.StsServiceUrl;
            config.AuthenticationRegion = options.StsRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.StsRegion);
        }
        return new AmazonSecurityTokenServiceClient(config);
    }
}
