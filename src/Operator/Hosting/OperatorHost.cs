using BroadcastOperator.Operator.Archive;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Events;
using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
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
        services.TryAddSingleton<IArchiveIndex>(sp => ArchiveIndex(sp.GetRequiredService<IOptions<OperatorOptions>>().Value));
        services.AddSingleton<ArchiveRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveRetentionService>());

        var app = builder.Build();
        app.MapOperatorEndpoints();
        return app;
    }

    /// <summary>The archive index retention sweeps: the bucket in AWS mode (Operator__Worker__ArchiveS3__Bucket set), else the archive folder.</summary>
    private static IArchiveIndex ArchiveIndex(OperatorOptions options) =>
        options.Worker.ArchiveS3.Bucket.Trim() is { Length: > 0 } bucket
            ? new S3ArchiveIndex(
                S3ArchiveIndex.CreateClient(options.Worker.ArchiveS3), bucket, options.Worker.ArchiveS3.Prefix)
            : new DirectoryArchiveIndex(options.Worker.ArchiveDirectory);

    public static PlannerSettings CreatePlannerSettings(OperatorOptions options, IChannelProviderRegistry providers) => new(
        CreateWorkerPodSettings(options),
        ConfiguredLanguagePairPolicy.FromStrings(options.EffectiveServedLanguagePairs),
        Enum.GetValues<ChannelProvider>().Where(kind => providers.Get(kind) is not null).ToHashSet());

    /// <summary>The worker part of the options, validated already by <see cref="OperatorOptionsValidator"/>.</summary>
    public static WorkerPodSettings CreateWorkerPodSettings(OperatorOptions options)
    {
        var worker = options.Worker;
        WorkerMediaModes.TryParse(worker.Media.Mode, out var mode);
        var (requests, limits) = (worker.Resources.Requests, worker.Resources.Limits);
        return new WorkerPodSettings(worker.Image, worker.HttpPort, options.Embedded.Region, options.Kvs.Region,
            worker.SignalingCredentialsFile, worker.SignalingProfile, options.Embedded.InsecureSkipTlsVerify)
        {
            ArchiveDirectory = worker.ArchiveDirectory,
            ArchiveGracePeriod = worker.ArchiveGracePeriod,
            ArchiveS3 = worker.ArchiveS3.Bucket.Trim() is { Length: > 0 } bucket
                ? new ArchiveS3Target(bucket, worker.ArchiveS3.Prefix, worker.ArchiveS3.Region, worker.ArchiveS3.ServerSideEncryption,
                    worker.ArchiveS3.KmsKeyId, worker.ArchiveS3.ServiceUrl)
                : null,
            ArchiveVolume = worker.ArchiveVolume.Mode switch
            {
                ArchiveVolumeOptions.Shared => new ArchiveVolume(worker.ArchiveVolume.ClaimName.Trim(), worker.ArchiveVolume.Size.Trim(), null),
                ArchiveVolumeOptions.PerSession => new ArchiveVolume(null, worker.ArchiveVolume.Size.Trim(),
                    string.IsNullOrWhiteSpace(worker.ArchiveVolume.StorageClass) ? null : worker.ArchiveVolume.StorageClass.Trim()),
                _ => null,
            },
            ServiceAccountName = string.IsNullOrWhiteSpace(worker.ServiceAccountName) ? null : worker.ServiceAccountName.Trim(),
            SignalingCredentialsSecret = string.IsNullOrWhiteSpace(worker.SignalingCredentialsSecret) ? null : worker.SignalingCredentialsSecret.Trim(),
            AudioQuality = new Dictionary<string, double>(worker.AudioQuality, StringComparer.Ordinal),
            Resources = ResourceQuantities.Requirements(requests.Cpu.Trim(), requests.Memory.Trim(), limits.Cpu.Trim(), limits.Memory.Trim()),
            Media = new WorkerMedia(mode, string.IsNullOrWhiteSpace(worker.Media.NodeAddress) ? null : worker.Media.NodeAddress.Trim(), worker.Media.Port,
                worker.Media.ServiceAnnotations.ToDictionary(a => a.Name.Trim(), a => a.Value, StringComparer.Ordinal)),
        };
    }

    private static KubernetesClientConfiguration ClientConfiguration(OperatorOptions options) =>
        options.Kubeconfig is { Length: > 0 } path ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildDefaultConfig();
}
