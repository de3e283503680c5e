using System.Net.Security;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Signaling.Tests.Fixtures;

/// <summary>The real signaling host (Kestrel, TLS with a self-signed certificate) on a free loopback port.</summary>
public class SignalingServiceFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string RootKey = "test-root-key-for-scoped-credentials-0123456789";
    public const string TurnSecret = "test-turn-shared-secret-for-ice-config-0123456789";
    public static readonly AwsCredentials Operator = new("AKIATESTOPERATOR0001", "test-operator-secret-key");

    /// <summary>The self-signed certificate is the point here; trust it in tests only.</summary>
    public static readonly RemoteCertificateValidationCallback TrustAll = (_, _, _, _) => true;

    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;

    public string CredentialsFile { get; } = Path.Combine(Path.GetTempPath(), $"signaling-tests-{Guid.NewGuid():N}", "credentials");

    public string CertificateFile => Path.Combine(Path.GetDirectoryName(CredentialsFile)!, "signaling.pem");

    public ScopedCredentialIssuer Issuer { get; } = new(RootKey);

    /// <summary>Per-fixture overrides of Signaling options (a subclass may set tighter limits).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Signaling:Port"] = "0",
            ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
            ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
            ["Signaling:ScopedCredentialRootKey"] = RootKey,
            ["Signaling:CredentialsFile"] = CredentialsFile,
            ["Signaling:GeneratedCertificatePath"] = CertificateFile,
            ["Signaling:Region"] = Region,
            ["Signaling:IceServers:0:Uris:0"] = "stun:127.0.0.1:3478",
            ["Signaling:Turn:Uris:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Signaling:Turn:Uris:1"] = "turn:127.0.0.1:3478?transport=tcp",
            ["Signaling:Turn:SharedSecret"] = TurnSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        _app = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
        var bound = new Uri(SignalingHost.BoundUrls(_app).Single());
        Endpoint = new Uri($"https://127.0.0.1:{bound.Port}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(Path.GetDirectoryName(CredentialsFile)!, recursive: true);
    }

    public Uri WssEndpoint => new($"wss://127.0.0.1:{Endpoint.Port}");

    public KvsControlPlaneClient ControlPlane(AwsCredentials? credentials = null) =>
        new(new KvsClientOptions { Endpoint = Endpoint, Region = Region, ServerCertificateValidation = TrustAll },
            new StaticCredentialsSource(credentials ?? Operator));

    /// <summary>A fresh channel (unique name) and its ARN.</summary>
    public async Task<string> CreateChannelAsync(string prefix = "test")
    {
        using var client = ControlPlane();
        return await client.CreateSignalingChannelAsync($"{prefix}-{Guid.NewGuid():N}");
    }

    public SignalingClientOptions ClientOptions(string channelArn, ChannelRole role, string? clientId, AwsCredentials? credentials = null,
        Version? httpVersion = null) =>
        new()
        {
            ChannelEndpoint = WssEndpoint,
            ChannelArn = channelArn,
            Role = role,
            ClientId = clientId,
            Region = Region,
            Credentials = new StaticCredentialsSource(credentials ?? Operator),
            ServerCertificateValidation = TrustAll,
            HttpVersion = httpVersion,
        };

    /// <param name="httpVersion">Null: HTTP/1.1 Upgrade; 2.0: an HTTP/2 extended CONNECT, exactly.</param>
    public async Task<KvsSignalingClient> ConnectAsync(string channelArn, ChannelRole role, string? clientId = null,
        AwsCredentials? credentials = null, Version? httpVersion = null)
    {
        var client = new KvsSignalingClient(ClientOptions(channelArn, role, clientId, credentials, httpVersion));
        await client.ConnectAsync();
        return client;
    }

    public async Task<string> MetricsAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        return await http.GetStringAsync(new Uri(Endpoint, "/metrics"));
    }
}

[CollectionDefinition(Name)]
public sealed class SignalingServiceCollection : ICollectionFixture<SignalingServiceFixture>
{
    public const string Name = "signaling service";
}

/// <summary>A service with tight limits: two viewers per channel, small send queues.</summary>
public sealed class LimitedSignalingServiceFixture : SignalingServiceFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Signaling:MaxViewersPerChannel"] = "2",
        ["Signaling:SendQueueCapacity"] = "8",
    };
}
