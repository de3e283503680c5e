using System.Net.Security;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Signaling.Hosting;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>
/// The embedded Kubernetes API server (CRD applied from config/crds) and the real signaling service
/// (src/Signaling, TLS, SigV4) for a collection of tests; each test gets its own namespace and its
/// own operator instances watching only that namespace.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public static readonly AwsCredentials OperatorKey = new("AKIAOPERATORTESTS001", "operator-tests-secret-key");

    private readonly string _directory = Directory.CreateTempSubdirectory("operator-tests-").FullName;
    private WebApplication? _signaling;

    public EmbeddedKubeServer Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");
    public Uri SignalingEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0, BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        Server.WriteKubeconfig(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        Server.ApplyCrds(Repository.Crds);
        _signaling = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Signaling:Port"] = "0",
                ["Signaling:AccessKeyId"] = OperatorKey.AccessKeyId,
                ["Signaling:SecretAccessKey"] = OperatorKey.SecretAccessKey,
                ["Signaling:ScopedCredentialRootKey"] = "operator-tests-root-key-0123456789abcdef",
                ["Signaling:CredentialsFile"] = Path.Combine(_directory, "credentials"),
                ["Signaling:Region"] = Region,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _signaling.StartAsync();
        SignalingEndpoint = new Uri($"https://127.0.0.1:{new Uri(SignalingHost.BoundUrls(_signaling).Single()).Port}");
    }

    /// <summary>The signaling control plane as anyone with the operator's key sees it.</summary>
    public KvsControlPlaneClient ControlPlane() => new(
        new KvsClientOptions { Endpoint = SignalingEndpoint, Region = Region, ServerCertificateValidation = TrustSelfSigned },
        new StaticCredentialsSource(OperatorKey));

    public async Task<string> NewNamespaceAsync()
    {
        var name = "op-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Operator settings for a test: its namespace only, fast leases and resyncs.</summary>
    public Dictionary<string, string?> OperatorSettings(string ns, string identity) => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("OPERATOR_TEST_LOG") ?? "Warning",
        ["Operator:Kubeconfig"] = KubeconfigPath,
        ["Operator:WatchNamespace"] = ns,
        ["Operator:ResyncPeriod"] = "00:00:01",
        ["Operator:BackoffBase"] = "00:00:00.050",
        ["Operator:BackoffMax"] = "00:00:01",
        ["Operator:LeaderElection:LeaseNamespace"] = ns,
        ["Operator:LeaderElection:Identity"] = identity,
        ["Operator:LeaderElection:LeaseDuration"] = "00:00:03",
        ["Operator:LeaderElection:RenewDeadline"] = "00:00:02",
        ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.300",
        ["Operator:Embedded:Endpoint"] = SignalingEndpoint.ToString(),
        ["Operator:Embedded:Region"] = Region,
        ["Operator:Embedded:AccessKeyId"] = OperatorKey.AccessKeyId,
        ["Operator:Embedded:SecretAccessKey"] = OperatorKey.SecretAccessKey,
        ["Operator:Embedded:InsecureSkipTlsVerify"] = "true",
    };

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_signaling is not null)
        {
            await _signaling.StopAsync();
            await _signaling.DisposeAsync();
        }
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The signaling service's certificate is self-signed on purpose; trust it in tests only.</summary>
    private static readonly RemoteCertificateValidationCallback TrustSelfSigned = (_, _, _, _) => true;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "embedded cluster and signaling";
}
