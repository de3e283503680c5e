using System.Net;
using System.Net.WebSockets;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>Refused connections get 403 before any upgrade, and the channel's peers notice nothing.</summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class DataPlaneAuthTests(SignalingServiceFixture service)
{
    [Fact]
    public async Task Viewer_credential_cannot_open_the_master_role()
    {
        var arn = await service.CreateChannelAsync();
        var viewer = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1").ToAwsCredentials();

        await AssertRefusedAndChannelUnchanged(arn, service.ClientOptions(arn, ChannelRole.Master, null, viewer));
    }

    [Fact]
    public async Task Viewer_credential_cannot_claim_another_client_id()
    {
        var arn = await service.CreateChannelAsync();
        var viewer = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1").ToAwsCredentials();

        await AssertRefusedAndChannelUnchanged(arn, service.ClientOptions(arn, ChannelRole.Viewer, "peer-1", viewer));
    }

    [Fact]
    public async Task Credential_for_another_channel_is_refused()
    {
        var arn = await service.CreateChannelAsync();
        var other = await service.CreateChannelAsync();
        var credential = service.Issuer.Issue(other, ChannelRole.Master, "speaker").ToAwsCredentials();

        await AssertRefusedAndChannelUnchanged(arn, service.ClientOptions(arn, ChannelRole.Master, null, credential));
    }

    [Fact]
    public async Task Wrong_signature_is_refused()
    {
        var arn = await service.CreateChannelAsync();
        var forged = SignalingServiceFixture.Operator with { SecretAccessKey = "not-the-secret" };

        await AssertRefusedAndChannelUnchanged(arn, service.ClientOptions(arn, ChannelRole.Master, null, forged));
    }

    [Fact]
    public async Task Expired_url_is_refused()
    {
        var arn = await service.CreateChannelAsync();
        var stale = service.ClientOptions(arn, ChannelRole.Master, null);
        var signedLongAgo = new SignalingClientOptions
        {
            ChannelEndpoint = stale.ChannelEndpoint,
            ChannelArn = arn,
            Role = ChannelRole.Master,
            Credentials = stale.Credentials,
            ServerCertificateValidation = stale.ServerCertificateValidation,
            Time = new ShiftedTime(TimeSpan.FromMinutes(-10)),
        };

        await AssertRefusedAndChannelUnchanged(arn, signedLongAgo);
    }

    [Fact]
    public async Task Expired_scoped_credential_is_refused()
    {
        var arn = await service.CreateChannelAsync();
        var issuedEarlier = new ScopedCredentialIssuer(SignalingServiceFixture.RootKey, new ShiftedTime(TimeSpan.FromMinutes(-6)));
        var expired = issuedEarlier.Issue(arn, ChannelRole.Master, "speaker").ToAwsCredentials();

        await AssertRefusedAndChannelUnchanged(arn, service.ClientOptions(arn, ChannelRole.Master, null, expired));
    }

    [Fact]
    public async Task Presigned_url_cannot_be_reused_for_another_channel()
    {
        var arn = await service.CreateChannelAsync();
        var other = await service.CreateChannelAsync();
        var url = await KvsSignalingClient.CreateSignedUrlAsync(service.ClientOptions(other, ChannelRole.Master, null));
        var tampered = new Uri(url.ToString().Replace(Uri.EscapeDataString(other), Uri.EscapeDataString(arn)));
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = SignalingServiceFixture.TrustAll;
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(tampered, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    /// <summary>Sets up a master and a viewer, is refused 403, then checks the two still talk.</summary>
    private async Task AssertRefusedAndChannelUnchanged(string arn, SignalingClientOptions intruderOptions)
    {
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, intruderOptions.ClientId == "peer-1" ? "other" : "peer-1");
        await using var intruder = new KvsSignalingClient(intruderOptions);

        await Assert.ThrowsAnyAsync<WebSocketException>(() => intruder.ConnectAsync());

        Assert.Equal(HttpStatusCode.Forbidden, intruder.ConnectStatusCode);
        await viewer.SendSdpOfferAsync("v=0 still here");
        Assert.Equal("v=0 still here", (await master.NextAsync(SignalingMessageTypes.SdpOffer)).Sdp);
        await master.SendSdpAnswerAsync("v=0 answer", "peer-1".Equals(intruderOptions.ClientId) ? "other" : "peer-1");
        Assert.Equal("v=0 answer", (await viewer.NextAsync(SignalingMessageTypes.SdpAnswer)).Sdp);
    }

    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;
    }
}
