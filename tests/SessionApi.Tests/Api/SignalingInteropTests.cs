using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.WebSockets;
using BroadcastOperator.Aws;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Hosting;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>
/// Credentials from SessionApi used against the real signaling service (src/Signaling over TLS on loopback),
/// sharing only the root key: speaker and listener meet on their channels, and no credential opens more.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SignalingInteropTests(ApiFixture fixture) : IAsyncLifetime
{
    private static readonly AwsCredentials Operator = new("AKIASESSIONAPITESTS01", "sessionapi-tests-operator-secret");
    private static readonly RemoteCertificateValidationCallback TrustSelfSigned = (_, _, _, _) => true;
    private WebApplication _signaling = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        _signaling = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Signaling:Port"] = "0",
                ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
                ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
                ["Signaling:ScopedCredentialRootKey"] = SessionApiFactory.RootKey,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _signaling.StartAsync();
        _endpoint = new Uri($"https://127.0.0.1:{new Uri(SignalingHost.BoundUrls(_signaling).Single()).Port}");
    }

    [Fact]
    public async Task Speaker_and_listener_credentials_open_their_channels_and_nothing_more()
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("wendy"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker, new { sourceLanguage = "en", targetLanguages = new[] { "es" } });
        using var controlPlane = new KvsControlPlaneClient(
            new KvsClientOptions { Endpoint = _endpoint, ServerCertificateValidation = TrustSelfSigned }, new StaticCredentialsSource(Operator));
        var sourceArn = await controlPlane.CreateSignalingChannelAsync($"{id}-source");
        var spanishArn = await controlPlane.CreateSignalingChannelAsync($"{id}-es");
        await WriteOperatorStatusAsync(id, sourceArn, spanishArn, await controlPlane.GetSignalingChannelEndpointAsync(sourceArn, ChannelRole.Master));

        var speakerAccess = (await (await speaker.PostAsync($"/sessions/{id}/speaker-credentials", null)).Content.ReadFromJsonAsync<ChannelAccessView>())!;
        var listener = fixture.Api.ClientFor(ApiFixture.NewSubject("xavi"), "listener");
        var listenerAccess = (await (await listener.PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" })).Content.ReadFromJsonAsync<ChannelAccessView>())!;

        // The speaker is MASTER of the source channel; the worker's source-channel VIEWER (operator keys here) reaches it.
        await using var speakerPeer = await ConnectAsync(speakerAccess, ChannelRole.Master, null);
        await using var workerOnSource = await ConnectAsync(Options(sourceArn, ChannelRole.Viewer, "worker", Operator, speakerAccess.Endpoints.Wss));
        await workerOnSource.SendSdpOfferAsync("v=0 worker offer");
        Assert.Equal("worker", (await NextAsync(speakerPeer, SignalingMessageTypes.SdpOffer)).SenderClientId);

        // The listener is a VIEWER of the Spanish channel under the client id SessionApi bound; the worker is its MASTER.
        await using var workerOnSpanish = await ConnectAsync(Options(spanishArn, ChannelRole.Master, null, Operator, listenerAccess.Endpoints.Wss));
        await using var listenerPeer = await ConnectAsync(listenerAccess, ChannelRole.Viewer, listenerAccess.ClientId);
        await listenerPeer.SendSdpOfferAsync("v=0 listener offer");
        var offer = await NextAsync(workerOnSpanish, SignalingMessageTypes.SdpOffer);
        Assert.Equal(listenerAccess.ClientId, offer.SenderClientId);

        await AssertRefusedAsync(Options(spanishArn, ChannelRole.Master, null, Credentials(listenerAccess), listenerAccess.Endpoints.Wss));
        await AssertRefusedAsync(Options(spanishArn, ChannelRole.Viewer, "someone-else", Credentials(listenerAccess), listenerAccess.Endpoints.Wss));
        await AssertRefusedAsync(Options(sourceArn, ChannelRole.Viewer, listenerAccess.ClientId, Credentials(listenerAccess), listenerAccess.Endpoints.Wss));
        await AssertRefusedAsync(Options(spanishArn, ChannelRole.Master, null, Credentials(speakerAccess), speakerAccess.Endpoints.Wss));
    }

    private async Task WriteOperatorStatusAsync(string id, string sourceArn, string spanishArn, KvsChannelEndpoints endpoints)
    {
        var channelEndpoints = new { wss = endpoints.Wss!.ToString(), https = endpoints.Https!.ToString() };
        var status = new
        {
            status = new
            {
                phase = "Active",
                channel = new { name = $"{id}-source", arn = sourceArn, endpoints = channelEndpoints },
                languages = new[]
                {
                    new { language = "en", channel = new { name = $"{id}-source", arn = sourceArn, endpoints = channelEndpoints } },
                    new { language = "es", channel = new { name = $"{id}-es", arn = spanishArn, endpoints = channelEndpoints } },
                },
            },
        };
        await k8s.CustomObjectsOperationsExtensions.PatchNamespacedCustomObjectStatusAsync(fixture.Kube.Client.CustomObjects,
            new V1Patch(System.Text.Json.JsonSerializer.Serialize(status), V1Patch.PatchType.MergePatch),
            BroadcastSession.Group, BroadcastSession.Version, fixture.Namespace, BroadcastSession.Plural, id);
    }

    private static AwsCredentials Credentials(ChannelAccessView access) =>
        new(access.Credentials.AccessKeyId, access.Credentials.SecretAccessKey, access.Credentials.SessionToken);

    private static SignalingClientOptions Options(string arn, ChannelRole role, string? clientId, AwsCredentials credentials, string? wss) => new()
    {
        ChannelEndpoint = new Uri(wss ?? throw new InvalidOperationException("the view has no WSS endpoint")),
        ChannelArn = arn,
        Role = role,
        ClientId = clientId,
        Region = "us-east-1",
        Credentials = new StaticCredentialsSource(credentials),
        ServerCertificateValidation = TrustSelfSigned,
    };

    private static Task<KvsSignalingClient> ConnectAsync(ChannelAccessView access, ChannelRole role, string? clientId) =>
        ConnectAsync(Options(access.ChannelArn, role, clientId, Credentials(access), access.Endpoints.Wss));

    private static async Task<KvsSignalingClient> ConnectAsync(SignalingClientOptions options)
    {
        var client = new KvsSignalingClient(options);
        await client.ConnectAsync();
        return client;
    }

    private static async Task AssertRefusedAsync(SignalingClientOptions options)
    {
        await using var intruder = new KvsSignalingClient(options);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => intruder.ConnectAsync());
        Assert.Equal(HttpStatusCode.Forbidden, intruder.ConnectStatusCode);
    }

    private static async Task<SignalingMessage> NextAsync(KvsSignalingClient client, string type)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var message in client.ReadAllAsync(deadline.Token))
        {
            if (message.Type == type)
            {
                return message;
            }
        }
        throw new InvalidOperationException($"connection closed before a {type} arrived");
    }

    public async Task DisposeAsync()
    {
        await _signaling.StopAsync();
        await _signaling.DisposeAsync();
    }
}
