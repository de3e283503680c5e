using System.Net;
using System.Net.Security;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Signaling.Hosting;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>
/// The world a worker lives in, for real: the embedded Kubernetes API with the CRD, and the
/// signaling service (TLS, SigV4) on loopback. Each test makes its own session and channels.
/// </summary>
public sealed class SessionFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public static readonly AwsCredentials Operator = new("AKIAWORKERTESTS00001", "worker-tests-operator-secret");
    public static readonly RemoteCertificateValidationCallback TrustAll = (_, _, _, _) => true;

    /// <summary>Signaling's root key for scoped (per-listener) credentials, as SessionApi would mint them.</summary>
    public const string ScopedCredentialRootKey = "media-worker-tests-root-key-0123456789";

    private readonly string _directory = Directory.CreateTempSubdirectory("media-worker-tests-").FullName;
    private TestSignaling? _signaling;

    public EmbeddedKubeServer Kube { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;
    public Uri SignalingEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kube = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = 0 });
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        Kube.WriteKubeconfig(kubeconfig);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        Kube.ApplyCrds(Repository.Crds);

        _signaling = await StartSignalingAsync(new Dictionary<string, string?>());
        SignalingEndpoint = _signaling.Endpoint;
    }

    /// <summary>
    /// A signaling service of its own, with these settings over the fixture's (same operator credentials):
    /// for a test that needs, say, a tight message rate. The caller disposes it.
    /// </summary>
    public async Task<TestSignaling> StartSignalingAsync(IDictionary<string, string?> settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Signaling:Port"] = "0",
            ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
            ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
            ["Signaling:ScopedCredentialRootKey"] = ScopedCredentialRootKey,
            ["Signaling:CredentialsFile"] = Path.Combine(_directory, "credentials-" + Guid.NewGuid().ToString("N")[..8]),
            ["Signaling:Region"] = Region,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
        var app = SignalingHost.Build([], builder => builder.Configuration.AddInMemoryCollection(configuration));
        await app.StartAsync();
        return new TestSignaling(app, new Uri($"https://127.0.0.1:{new Uri(SignalingHost.BoundUrls(app).Single()).Port}"));
    }

    public KvsControlPlaneClient ControlPlane(Uri? signaling = null) =>
        new(new KvsClientOptions { Endpoint = signaling ?? SignalingEndpoint, Region = Region, ServerCertificateValidation = TrustAll }, new StaticCredentialsSource(Operator));

    /// <summary>A session CR and its channels (on the fixture's signaling unless another is named), and the settings the operator would give its worker.</summary>
    public async Task<WorkerSettings> NewSessionAsync(string source, string[] targets, int maxListeners = 10, bool translate = true, Uri? signaling = null)
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var name = "session";
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new BroadcastSessionSpec { SpeakerId = "alice", SourceLanguage = source, TargetLanguages = [.. targets], MaxListeners = maxListeners },
        }, BroadcastSession.Group, BroadcastSession.Version, ns, BroadcastSession.Plural);

        using var control = ControlPlane(signaling);
        var wss = new Uri($"wss://127.0.0.1:{(signaling ?? SignalingEndpoint).Port}");
        async Task<ChannelSettings> Channel(string language)
        {
            var channelName = $"{ns}-{language}";
            return new ChannelSettings(language, channelName, await control.CreateSignalingChannelAsync(channelName), wss);
        }
        var sourceChannel = await Channel("source");
        var languages = new List<ChannelSettings>();
        foreach (var language in new[] { source }.Concat(translate ? targets : []))
        {
            languages.Add(await Channel(language));
        }
        return new WorkerSettings
        {
            SessionName = name,
            SessionNamespace = ns,
            SourceLanguage = source,
            TargetLanguages = translate ? targets : [],
            SourceChannel = sourceChannel with { Language = source },
            LanguageChannels = languages,
            Region = Region,
            Voices = new Dictionary<string, string>(),
            MaxListeners = maxListeners,
            HttpPort = 0,
            MediaEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            SignalingInsecureTls = true,
            AsrEngine = "local",
            TranslationEngine = "local",
            TtsEngine = "local",
            ConsentTimeout = TimeSpan.FromSeconds(3),
            StatusInterval = TimeSpan.FromMilliseconds(250),
        };
    }

    public async Task<BroadcastSession> ReadSessionAsync(WorkerSettings settings) =>
        KubernetesJson.Deserialize<BroadcastSession>(KubernetesJson.Serialize(await Client.CustomObjects.GetNamespacedCustomObjectAsync(
            BroadcastSession.Group, BroadcastSession.Version, settings.SessionNamespace, BroadcastSession.Plural, settings.SessionName)));

    public async Task DisposeAsync()
    {
        if (_signaling is not null)
        {
            await _signaling.DisposeAsync();
        }
        Client?.Dispose();
        if (Kube is not null)
        {
            await Kube.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

}

/// <summary>A running signaling service and the HTTPS endpoint it listens on.</summary>
public sealed class TestSignaling(WebApplication app, Uri endpoint) : IAsyncDisposable
{
    public Uri Endpoint { get; } = endpoint;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SessionCollection : ICollectionFixture<SessionFixture>
{
    public const string Name = "media worker session";
}
