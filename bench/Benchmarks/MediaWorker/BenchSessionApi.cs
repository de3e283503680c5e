using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BroadcastOperator.Aws;
using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Signaling;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// The real SessionApi, built by its own <see cref="SessionApiApplication"/> and served by Kestrel on loopback in this
/// process (the lightest real one: no second process, the same HTTP path a browser takes), pointed at the bench's
/// embedded Kubernetes API and minting credentials with the root key the bench's signaling checks. Its rate limits
/// are its own defaults, since they are part of what a joining crowd meets. Anonymous listeners are allowed, as a
/// hall's frontend would configure it.
/// </summary>
internal sealed class BenchSessionApi : IAsyncDisposable
{
    private const string SigningKey = "join-storm-bench-jwt-signing-key-0123456789abcdef";
    private static readonly JsonSerializerOptions StatusJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly WebApplication _app;

    private BenchSessionApi(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>One client for every listener: they all come from 127.0.0.1, as a hall behind one NAT does.</summary>
    public HttpClient Http { get; }

    /// <param name="settings">Further command-line settings, e.g. a baseline's.</param>
    public static async Task<BenchSessionApi> StartAsync(WorkerWorld world, BenchSession session, IEnumerable<string>? settings = null)
    {
        var app = SessionApiApplication.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--SessionApi:Kubeconfig={world.Kubeconfig}",
            $"--SessionApi:Namespace={session.Namespace}",
            "--SessionApi:AllowAnonymousListeners=true",
            $"--Auth:SigningKey={Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SigningKey))}",
            $"--Credentials:ScopedCredentialRootKey={WorkerWorld.ScopedCredentialRootKey}",
            "--Logging:LogLevel:Default=Warning",
            .. settings ?? [],
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchSessionApi(app, new Uri(address));
    }

    /// <summary>
    /// Writes the operator's part of the session's status (phase, the channels the bench made): what /join reads.
    /// The worker runs as the bench's own process, so no operator is needed to start it.
    /// </summary>
    public static async Task ProvisionAsync(WorkerWorld world, BenchSession session)
    {
        static object Channel(BenchChannel channel, int port) => new
        {
            name = channel.Name,
            arn = channel.Arn,
            endpoints = new { wss = channel.Wss.ToString().TrimEnd('/'), https = $"https://127.0.0.1:{port}" },
        };
        var status = new
        {
            status = new
            {
                phase = "Active",
                channel = Channel(session.SourceChannel, world.SignalingPort),
                languages = session.LanguageChannels.Select(c => new { language = c.Language, channel = Channel(c, world.SignalingPort) }).ToArray(),
                expiresAt = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        await world.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(JsonSerializer.Serialize(status, StatusJson), V1Patch.PatchType.MergePatch),
            BroadcastSession.Group, BroadcastSession.Version, session.Namespace, BroadcastSession.Plural, session.Name);
    }

    /// <summary>A development token for one signed-in listener (its own subject), signed with this SessionApi's key.</summary>
    public string ListenerToken(string subject)
    {
        var auth = _app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        return DevelopmentTokens.Create(auth, _app.Services.GetRequiredService<JwtKeyMaterial>(), subject, [Roles.Listener], TimeSpan.FromHours(1));
    }

    /// <summary>POST /sessions/{id}/join; the HTTP status and, when admitted, what the listener needs to open its channel.</summary>
    public async Task<(HttpStatusCode Status, SignalingClientOptions? Signaling)> JoinAsync(string sessionId, string language, string? token,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sessions/{sessionId}/join")
        {
            Content = JsonContent.Create(new { language }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var view = await response.Content.ReadFromJsonAsync<ChannelAccessView>(cancellationToken)
            ?? throw new InvalidOperationException("SessionApi answered /join with no body");
        return (response.StatusCode, new SignalingClientOptions
        {
            ChannelEndpoint = new Uri(view.Endpoints.Wss ?? throw new InvalidOperationException("/join named no WSS endpoint")),
            ChannelArn = view.ChannelArn,
            Role = ChannelRole.Viewer,
            ClientId = view.ClientId,
            Region = view.Region,
            Credentials = new StaticCredentialsSource(new AwsCredentials(view.Credentials.AccessKeyId, view.Credentials.SecretAccessKey,
                view.Credentials.SessionToken)),
            ServerCertificateValidation = (_, _, _, _) => true,
        });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
