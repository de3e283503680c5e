using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Options;
using k8s;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>Builds the worker's web host: settings from the Pod's environment, the session, and its endpoints.</summary>
public static class WorkerApplication
{
    /// <param name="configure">Runs before the services are added: a test may supply its own Kubernetes client or credentials.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.AddWorkerSettings(builder.Configuration);
        ListenOnWorkerPort(builder);
        AddServices(builder.Services);

        var app = builder.Build();
        app.MapWorkerEndpoints();
        return app;
    }

    /// <summary>
    /// ASPNETCORE_URLS wins (the local runner gives each worker a loopback port); otherwise, in a Pod, every IPv4
    /// interface on BROADCAST_HTTP_PORT.
    /// </summary>
    private static void ListenOnWorkerPort(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.Services.AddOptions<KestrelServerOptions>()
                .Configure<WorkerSettings>((kestrel, settings) => kestrel.Listen(IPAddress.Any, settings.HttpPort));
        }
    }

    private static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<IAwsCredentialsSource>(_ => new AwsSdkCredentialsSource());
        services.TryAddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildDefaultConfig()));
        services.AddSingleton<CaptionHub>();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<WorkerHost>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerHost>());
        services.AddWorkerHealth();
    }
}
