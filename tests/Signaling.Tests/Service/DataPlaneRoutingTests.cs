using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

[Collection(SignalingServiceCollection.Name)]
public sealed class DataPlaneRoutingTests(SignalingServiceFixture service)
{
    private const string OfferSdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private const string Candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host";

    [Fact]
    public async Task Offer_answer_and_candidates_cross_between_viewer_and_master()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "viewer-1");

        await viewer.SendSdpOfferAsync(OfferSdp);
        await viewer.SendIceCandidateAsync(Candidate, "0", 0);
        var offer = await master.NextAsync(SignalingMessageTypes.SdpOffer);
        var viewerCandidate = await master.NextAsync(SignalingMessageTypes.IceCandidate);
        await master.SendSdpAnswerAsync("v=0 answer", offer.SenderClientId);
        await master.SendIceCandidateAsync(Candidate, "0", 0, offer.SenderClientId);
        var answer = await viewer.NextAsync(SignalingMessageTypes.SdpAnswer);
        var masterCandidate = await viewer.NextAsync(SignalingMessageTypes.IceCandidate);

        Assert.Equal("viewer-1", offer.SenderClientId);
        Assert.Equal(OfferSdp, offer.Sdp);
        Assert.Equal(Candidate, viewerCandidate.Candidate);
        Assert.Equal("v=0 answer", answer.Sdp);
        Assert.Null(answer.SenderClientId);
        Assert.Equal(0, masterCandidate.SdpMLineIndex);
    }

    [Fact]
    public async Task Scoped_credentials_open_their_own_role_and_client_id()
    {
        var arn = await service.CreateChannelAsync();
        var masterCredential = service.Issuer.Issue(arn, ChannelRole.Master, "speaker-1").ToAwsCredentials();
        var viewerCredential = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1").ToAwsCredentials();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master, credentials: masterCredential);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "listener-1", viewerCredential);

        await viewer.SendSdpOfferAsync(OfferSdp);

        Assert.Equal("listener-1", (await master.NextAsync(SignalingMessageTypes.SdpOffer)).SenderClientId);
    }

    [Fact]
    public async Task Server_sets_the_sender_id_whatever_the_client_claims()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "honest-id");

        await viewer.SendRawAsync("""{"action":"SDP_OFFER","messagePayload":"e30=","senderClientId":"impostor"}"""u8.ToArray());

        Assert.Equal("honest-id", (await master.NextAsync(SignalingMessageTypes.SdpOffer)).SenderClientId);
    }

    [Fact]
    public async Task Capitalised_keys_of_the_c_sdk_are_understood()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "c-sdk");

        await viewer.SendRawAsync("""{"Action":"ICE_CANDIDATE","MessagePayload":"eyJjYW5kaWRhdGUiOiJ4In0=","CorrelationId":"1"}"""u8.ToArray());

        Assert.Equal("x", (await master.NextAsync(SignalingMessageTypes.IceCandidate)).Candidate);
    }

    [Fact]
    public async Task Newer_master_replaces_the_older_one()
    {
        var arn = await service.CreateChannelAsync();
        await using var older = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var newer = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "v");

        await older.ClosedAsync();
        await viewer.SendSdpOfferAsync(OfferSdp);

        Assert.Equal(OfferSdp, (await newer.NextAsync(SignalingMessageTypes.SdpOffer)).Sdp);
        Assert.Contains("Replaced", older.CloseReason);
    }

    [Fact]
    public async Task Newer_viewer_with_the_same_client_id_replaces_the_older_one()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var older = await service.ConnectAsync(arn, ChannelRole.Viewer, "same");
        await using var newer = await service.ConnectAsync(arn, ChannelRole.Viewer, "same");

        await older.ClosedAsync();
        await master.SendSdpAnswerAsync("v=0 answer", "same");

        Assert.Equal("v=0 answer", (await newer.NextAsync(SignalingMessageTypes.SdpAnswer)).Sdp);
    }

    [Fact]
    public async Task Viewer_messages_wait_for_a_master_that_connects_later()
    {
        var arn = await service.CreateChannelAsync();
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "early");

        await viewer.SendSdpOfferAsync(OfferSdp);
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);

        Assert.Equal("early", (await master.NextAsync(SignalingMessageTypes.SdpOffer)).SenderClientId);
    }

    [Fact]
    public async Task Deleting_the_channel_sends_go_away_to_everyone_and_closes()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "v");
        using var control = service.ControlPlane();

        await control.DeleteSignalingChannelAsync(arn);

        Assert.Equal(SignalingMessageTypes.GoAway, (await master.NextAsync(_ => true)).Type);
        Assert.Equal(SignalingMessageTypes.GoAway, (await viewer.NextAsync(_ => true)).Type);
        await master.ClosedAsync();
        await viewer.ClosedAsync();
    }

    [Fact]
    public async Task Master_addressing_an_absent_viewer_gets_a_status_response()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);

        await master.SendSdpAnswerAsync("v=0", "nobody", correlationId: "corr-1");
        var status = await master.NextAsync(SignalingMessageTypes.StatusResponse);

        Assert.Equal("corr-1", status.Status!.CorrelationId);
        Assert.Equal("404", status.Status.StatusCode);
    }
}
