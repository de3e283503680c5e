using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>
/// A master answers every viewer of its channel over one connection, so its message allowance grows with its viewers
/// (defaults: base 20/s burst 60, +5/s and +20 burst per viewer); a viewer keeps the base.
/// </summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class MasterRateLimitTests(SignalingServiceFixture service)
{
    private const int CandidatesPerViewer = 4;

    [Fact]
    public async Task Master_answers_a_hundred_viewers_at_once_and_none_is_refused_while_a_flooding_viewer_is_throttled()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        var crowd = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => service.ConnectAsync(arn, ChannelRole.Viewer, $"listener-{i}")));
        await using var flooder = await service.ConnectAsync(arn, ChannelRole.Viewer, "flooder");
        try
        {
            await Task.WhenAll(crowd.Select(viewer => viewer.SendSdpOfferAsync("v=0 offer")));
            var offers = new HashSet<string>();
            while (offers.Count < crowd.Length)
            {
                offers.Add((await master.NextAsync(SignalingMessageTypes.SdpOffer)).SenderClientId!);
            }

            // As a browser master answers: the answer, then its trickled candidates, 500 messages back to back.
            var flood = FloodAsync(flooder, 200);
            foreach (var viewer in offers)
            {
                await master.SendSdpAnswerAsync("v=0 answer for " + viewer, viewer, correlationId: "answer-" + viewer);
                for (var c = 0; c < CandidatesPerViewer; c++)
                {
                    await master.SendIceCandidateAsync($"candidate:{c} 1 udp 1 127.0.0.1 {50000 + c} typ host", "0", 0, viewer, $"c{c}-{viewer}");
                }
            }
            var negotiated = await Task.WhenAll(crowd.Select(ReceivesWholeNegotiationAsync));
            await flood;
            var throttled = await flooder.NextAsync(m => m.Type == SignalingMessageTypes.StatusResponse && m.Status!.StatusCode == "429");

            Assert.Equal(crowd.Length, negotiated.Count(whole => whole));
            Assert.StartsWith("flood-", throttled.Status!.CorrelationId);
        }
        finally
        {
            await Task.WhenAll(crowd.Select(viewer => viewer.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Master_alone_on_its_channel_keeps_the_base_limit()
    {
        var arn = await service.CreateChannelAsync();
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master);
        var started = DateTime.UtcNow;

        // Every message passes the rate limit (then finds no such viewer, 404) or is throttled (429); each says which.
        for (var i = 0; i < 200; i++)
        {
            await master.SendIceCandidateAsync("candidate:" + i, "0", 0, "nobody", "c-" + i);
        }
        var (notFound, throttled) = (0, 0);
        await master.NextAsync(m =>
        {
            notFound += m.Status?.StatusCode == "404" ? 1 : 0;
            throttled += m.Status?.StatusCode == "429" ? 1 : 0;
            return notFound + throttled == 200;
        });
        var seconds = (DateTime.UtcNow - started).TotalSeconds;

        Assert.InRange(notFound, 60, 60 + (int)Math.Ceiling(seconds * 20));
        Assert.Contains("signaling_rejections_total{reason=\"rate_limited\",role=\"MASTER\"}", await service.MetricsAsync());
    }

    private static async Task FloodAsync(KvsSignalingClient viewer, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            await viewer.SendIceCandidateAsync("candidate:" + i, "0", 0, correlationId: "flood-" + i);
        }
    }

    /// <summary>Whether the viewer's answer and all its candidates arrive (a refused one never does).</summary>
    private static async Task<bool> ReceivesWholeNegotiationAsync(KvsSignalingClient viewer)
    {
        var (answers, candidates) = (0, 0);
        try
        {
            await viewer.NextAsync(m =>
            {
                answers += m.Type == SignalingMessageTypes.SdpAnswer ? 1 : 0;
                candidates += m.Type == SignalingMessageTypes.IceCandidate ? 1 : 0;
                return answers == 1 && candidates == CandidatesPerViewer;
            });
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
