using System.Net;
using System.Net.WebSockets;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

public sealed class ViewerLimitTests(LimitedSignalingServiceFixture service) : IClassFixture<LimitedSignalingServiceFixture>
{
    [Fact]
    public async Task Viewer_beyond_the_configured_limit_is_refused_and_the_others_stay()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        await using var first = await service.ConnectAsync(arn, ChannelRole.Viewer, "one");
        await using var second = await service.ConnectAsync(arn, ChannelRole.Viewer, "two");
        await using var third = new KvsSignalingClient(service.ClientOptions(arn, ChannelRole.Viewer, "three"));

        await Assert.ThrowsAnyAsync<WebSocketException>(() => third.ConnectAsync());
        await second.SendSdpOfferAsync("v=0 two");

        Assert.Equal(HttpStatusCode.BadRequest, third.ConnectStatusCode);
        Assert.Equal("two", (await master.NextAsync(_ => true)).SenderClientId);
    }

    [Fact]
    public async Task Reconnecting_viewer_with_its_own_id_is_not_counted_twice()
    {
        var arn = await service.CreateChannelAsync();
        await using var first = await service.ConnectAsync(arn, ChannelRole.Viewer, "one");
        await using var second = await service.ConnectAsync(arn, ChannelRole.Viewer, "two");

        await using var again = await service.ConnectAsync(arn, ChannelRole.Viewer, "two");

        await second.ClosedAsync();
        Assert.Equal(WebSocketState.Open, again.State);
    }
}
