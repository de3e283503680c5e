using System.Net.Security;
using BroadcastOperator.Aws;
using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Hosting;
using BroadcastOperator.Signaling.Metrics;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// What a worker needs around it, in this process: the embedded Kubernetes API with the CRD and the
/// signaling service (TLS, SigV4) on loopback. Signaling's per-connection message rate and viewer limit
/// are raised far past the defaults, so hundreds of listeners joining is not what a measurement sees,
/// unless the bench asks for the service's own limits (the join storm, where joining is what is measured).
/// </summary>
internal sealed class WorkerWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public static readonly AwsCredentials Operator = new("AKIAWORKERBENCH00001", "worker-bench-operator-secret");

    /// <summary>The root key signaling checks scoped (per-listener) credentials with; SessionApi mints them with it.</summary>
    public const string ScopedCredentialRootKey = "worker-bench-scoped-credential-root-key";
    private static readonly RemoteCertificateValidationCallback TrustAll = (_, _, _, _) => true;

    private readonly string _directory;
    private readonly EmbeddedKubeServer _kube;
    private readonly WebApplication _signaling;

    private WorkerWorld(string directory, EmbeddedKubeServer kube, Kubernetes client, WebApplication signaling, int signalingPort)
    {
        _directory = directory;
        _kube = kube;
        Client = client;
        _signaling = signaling;
        SignalingPort = signalingPort;
    }

    public Kubernetes Client { get; }

    public int SignalingPort { get; }

    public string Kubeconfig => Path.Combine(_directory, "kubeconfig");

    /// <summary>
    /// Starts the world. With <paramref name="serviceLimits"/> signaling keeps its own defaults for message rates and
    /// queues (what `make run` and a deployment run with), raising only the viewers per channel if they are fewer than
    /// <paramref name="viewersPerChannel"/>.
    /// </summary>
    public static async Task<WorkerWorld> StartAsync(bool serviceLimits = false, int viewersPerChannel = 100_000)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("worker-bench-").FullName;
        var kube = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0 });
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        kube.WriteKubeconfig(kubeconfig);
        kube.ApplyCrds(Repository.Crds);
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

        var signaling = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Signaling:Port"] = "0",
                ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
                ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
                ["Signaling:Region"] = Region,
                ["Signaling:ScopedCredentialRootKey"] = ScopedCredentialRootKey,
            });
            if (!serviceLimits)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Signaling:MaxViewersPerChannel"] = "100000",
                    ["Signaling:MessagesPerSecond"] = "100000",
                    ["Signaling:MessageBurst"] = "100000",
                    ["Signaling:SendQueueCapacity"] = "100000",
                    ["Signaling:PendingMessagesForMaster"] = "10000",
                });
            }
            else if (builder.Configuration.GetValue("Signaling:MaxViewersPerChannel", 1000) < viewersPerChannel)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Signaling:MaxViewersPerChannel"] = viewersPerChannel.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await signaling.StartAsync();
        var port = new Uri(SignalingHost.BoundUrls(signaling).Single()).Port;
        return new WorkerWorld(directory, kube, client, signaling, port);
    }

    /// <summary>
    /// A session CR, its source channel and one channel per served language, as the operator would make them.
    /// Without <paramref name="translate"/> the worker is told to serve the source language only, so no speech
    /// engine runs and the forwarding path and fan-out are measured without speech work beside them.
    /// </summary>
    public async Task<BenchSession> NewSessionAsync(string source, IReadOnlyList<string> targets, int maxListeners, bool translate)
    {
        var ns = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        const string name = "session";
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new BroadcastSessionSpec { SpeakerId = "bench", SourceLanguage = source, TargetLanguages = [.. targets], MaxListeners = maxListeners },
        }, BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural);

        using var control = new KvsControlPlaneClient(
            new KvsClientOptions { Endpoint = new Uri($"https://127.0.0.1:{SignalingPort}"), Region = Region, ServerCertificateValidation = TrustAll },
            new StaticCredentialsSource(Operator));
        var wss = new Uri($"wss://127.0.0.1:{SignalingPort}");
        var sourceChannel = new BenchChannel(source, $"{ns}-source", await control.CreateSignalingChannelAsync($"{ns}-source"), wss);
        var languages = new List<BenchChannel>();
        IReadOnlyList<string> served = translate ? targets : [source];
        foreach (var language in served.Prepend(source).Distinct(StringComparer.Ordinal))
        {
            languages.Add(new BenchChannel(language, $"{ns}-{language}", await control.CreateSignalingChannelAsync($"{ns}-{language}"), wss));
        }

        return new BenchSession(ns, name, source, served, sourceChannel, languages, maxListeners);
    }

    /// <summary>Signaling's own metrics (rejections by reason, connections, messages) in the Prometheus text format.</summary>
    public async Task<string> SignalingMetricsTextAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        await _signaling.Services.GetRequiredService<SignalingMetrics>().Registry.CollectAndExportAsTextAsync(text, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    public async Task<BroadcastSession> ReadSessionAsync(BenchSession session) =>
        KubernetesJson.Deserialize<BroadcastSession>(KubernetesJson.Serialize(await Client.CustomObjects.GetNamespacedCustomObjectAsync(
            BroadcastSession.Group, BroadcastSession.Version, session.Namespace, BroadcastSession.Plural, session.Name)));

    /// <summary>How our own peers join a channel (operator credentials; scoping is not what is measured).</summary>
    public static SignalingClientOptions SignalingOptions(BenchChannel channel, ChannelRole role, string? clientId) => new()
    {
        ChannelEndpoint = channel.Wss,
        ChannelArn = channel.Arn,
        Role = role,
        ClientId = clientId,
        Region = Region,
        Credentials = new StaticCredentialsSource(Operator),
        ServerCertificateValidation = TrustAll,
    };

    public async ValueTask DisposeAsync()
    {
        await _signaling.StopAsync();
        await _signaling.DisposeAsync();
        Client.Dispose();
        await _kube.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the kubeconfig still open somewhere: a temp directory the OS cleans up
        }
    }
}

/// <summary>One signaling channel of a bench session.</summary>
internal sealed record BenchChannel(string Language, string Name, string Arn, Uri Wss);

/// <summary>A session CR and its channels.</summary>
internal sealed record BenchSession(
    string Namespace, string Name, string SourceLanguage, IReadOnlyList<string> TargetLanguages,
    BenchChannel SourceChannel, IReadOnlyList<BenchChannel> LanguageChannels, int MaxListeners)
{
    public BenchChannel Channel(string language) => LanguageChannels.Single(c => c.Language == language);
}
