using System.Net.WebSockets;
using System.Text;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>Bad or abusive input: the sender hears of it or is throttled; everyone else carries on.</summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class DataPlaneAbuseTests(SignalingServiceFixture service)
{
    [Theory]
    [InlineData("""{"action":"SDP_OFFER","correlationId":"c-1"}""", "400")]
    [InlineData("""{"action":"REBOOT_MASTER","messagePayload":"e30=","correlationId":"c-1"}""", "400")]
    [InlineData("""{"action":"SDP_OFFER","messagePayload":"%%%not base64%%%","correlationId":"c-1"}""", "400")]
    [InlineData("""{"action":"SDP_OFFER","messagePayload":"e30=","recipientClientId":"viewer-2","correlationId":"c-1"}""", "400")]
    public async Task Bad_message_earns_a_status_response_and_reaches_no_one(string frame, string statusCode)
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var sender = await service.ConnectAsync(arn, ChannelRole.Viewer, "viewer-1");
        await using var bystander = await service.ConnectAsync(arn, ChannelRole.Viewer, "viewer-2");

        await sender.SendRawAsync(Encoding.UTF8.GetBytes(frame));
        var status = await sender.NextAsync(SignalingMessageTypes.StatusResponse);
        await sender.SendSdpOfferAsync("v=0 marker");
        await master.SendSdpAnswerAsync("v=0 for bystander", "viewer-2");

        Assert.Equal(("c-1", statusCode), (status.Status!.CorrelationId, status.Status.StatusCode));
        Assert.Equal("v=0 marker", (await master.NextAsync(_ => true)).Sdp);
        Assert.Equal("v=0 for bystander", (await bystander.NextAsync(_ => true)).Sdp);
    }

    [Fact]
    public async Task Malformed_json_is_counted_and_the_connection_survives()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "v");

        await viewer.SendRawAsync("{not json"u8.ToArray());
        await viewer.SendSdpOfferAsync("v=0 after garbage");

        Assert.Equal("v=0 after garbage", (await master.NextAsync(_ => true)).Sdp);
        Assert.Contains("signaling_rejections_total{reason=\"malformed_message\",role=\"VIEWER\"}", await service.MetricsAsync());
    }

    [Fact]
    public async Task Payload_over_ten_kilobytes_is_refused()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "v");

        await viewer.SendSdpOfferAsync(new string('a', 10 * 1024), correlationId: "big");
        var status = await viewer.NextAsync(SignalingMessageTypes.StatusResponse);
        await viewer.SendSdpOfferAsync("v=0 small");

        Assert.Equal("big", status.Status!.CorrelationId);
        Assert.Equal("v=0 small", (await master.NextAsync(_ => true)).Sdp);
    }

    [Fact]
    public async Task Huge_frame_closes_only_the_sender()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var abuser = await service.ConnectAsync(arn, ChannelRole.Viewer, "abuser");
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "v");

        // The server closes once the frame passes its limit, which can be before the client has written all of it.
        var sendError = await Record.ExceptionAsync(() => abuser.SendRawAsync(new byte[200 * 1024]));
        Assert.True(sendError is null or WebSocketException, $"sending the huge frame: {sendError}");
        await abuser.ClosedAsync();
        await viewer.SendSdpOfferAsync("v=0 unaffected");

        Assert.Equal("v=0 unaffected", (await master.NextAsync(_ => true)).Sdp);
    }

    [Fact]
    public async Task Ten_thousand_rapid_messages_are_throttled_without_hurting_other_viewers()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var flooder = await service.ConnectAsync(arn, ChannelRole.Viewer, "flooder");
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "calm");
        var started = DateTime.UtcNow;

        for (var i = 0; i < 10_000; i++)
        {
            await flooder.SendIceCandidateAsync("candidate:" + i, "0", 0);
        }
        await viewer.SendSdpOfferAsync("v=0 calm");

        // A connection's frames are handled in order, so once a later offer from the flooder reaches the master every
        // flood frame has been handled (passed or refused). Offers are retried, as the bucket may still be empty.
        var (delivered, calmArrived, floodHandled) = (0, false, false);
        using var stopMarkers = new CancellationTokenSource();
        var markers = SendMarkersAsync(flooder, stopMarkers.Token);
        await master.NextAsync(m =>
        {
            delivered += m.SenderClientId == "flooder" && m.Type == SignalingMessageTypes.IceCandidate ? 1 : 0;
            floodHandled |= m.SenderClientId == "flooder" && m.Type == SignalingMessageTypes.SdpOffer;
            calmArrived |= m.SenderClientId == "calm";
            return calmArrived && floodHandled;
        });
        var handlingSeconds = (DateTime.UtcNow - started).TotalSeconds;
        await stopMarkers.CancelAsync();
        await markers;

        // At most the burst of 60 plus 20 a second while the flood was being handled.
        Assert.InRange(delivered, 1, 60 + (int)Math.Ceiling(handlingSeconds * 20));
        Assert.Equal(WebSocketState.Open, viewer.State);
        Assert.Contains("signaling_rejections_total{reason=\"rate_limited\",role=\"VIEWER\"}", await service.MetricsAsync());
    }

    private static async Task SendMarkersAsync(KvsSignalingClient flooder, CancellationToken stop)
    {
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // 10 a second, under the refill of 20
        try
        {
            do
            {
                await flooder.SendSdpOfferAsync("v=0 after the flood", cancellationToken: stop);
            }
            while (await every.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
