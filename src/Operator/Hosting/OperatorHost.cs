using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Events;
using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Runtime;
using BroadcastOperator.Shared.Model;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Hosting;

/// <summary>Builds the operator's web host; Program.cs and the tests both start it through here.</summary>
public static class OperatorHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section).ValidateOnStart();
        // Try-add: a caller (a test) may have supplied its own clock, client or providers.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(sp => new Kubernetes(ClientConfiguration(sp.GetRequiredService<IOptions<OperatorOptions>>().Value)));
        services.TryAddSingleton<IChannelProviderRegistry, ChannelProviderRegistry>();
        services.AddSingleton(sp => CreatePlannerSettings(sp.GetRequiredService<IOptions<OperatorOptions>>().Value, sp.GetRequiredService<IChannelProviderRegistry>()));
        services.AddSingleton<OperatorMetrics>();
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<IKubernetes>(),
            sp.GetRequiredService<IOptions<OperatorOptions>>().Value.LeaderElection.Identity,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EventRecorder>>()));
        services.AddSingleton<SessionReconciler>();
        services.AddSingleton<SessionController>();
        services.AddSingleton<LeaderElectedController>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElectedController>());

        var app = builder.Build();
        app.MapOperatorEndpoints();
        return app;
    }

    public static PlannerSettings CreatePlannerSettings(OperatorOptions options, IChannelProviderRegistry providers) => new(
        new WorkerSettings(options.Worker.Image, options.Worker.HttpPort, options.Embedded.Region, options.Kvs.Region,
            options.Worker.SignalingCredentialsFile, options.Worker.SignalingProfile, options.Embedded.InsecureSkipTlsVerify),
        ConfiguredLanguagePairPolicy.FromStrings(options.EffectiveServedLanguagePairs),
        Enum.GetValues<ChannelProvider>().Where(kind => providers.Get(kind) is not null).ToHashSet());

    private static KubernetesClientConfiguration ClientConfiguration(OperatorOptions options) =>
        options.Kubeconfig is { Length: > 0 } path ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildDefaultConfig();
}
