using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Browser;

/// <summary>
/// The SDK's browser build (dist/kvs-webrtc.min.js, global KVSWebRTC) in headless Chromium as
/// master and viewer: two browsers connect peer-to-peer through our service and hear each other.
/// </summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class BrowserPeerTests(SignalingServiceFixture service) : IAsyncLifetime
{
    private KvsPeerBrowser? _browser;

    public async Task InitializeAsync() => _browser = await KvsPeerBrowser.StartAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Two_browsers_connect_peer_to_peer_through_our_service_and_exchange_audio()
    {
        Skip.If(_browser is null, KvsPeerBrowser.Unavailable());
        var arn = await service.CreateChannelAsync("browser");
        var master = await _browser.OpenPageAsync();
        var viewer = await _browser.OpenPageAsync();
        var masterCredential = service.Issuer.Issue(arn, ChannelRole.Master, "speaker");
        var viewerCredential = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1");

        await master.EvaluateAsync("c => window.startPeer(c)", KvsPeerBrowser.PeerConfig(service, arn, "MASTER", null, masterCredential));
        await viewer.EvaluateAsync("c => window.startPeer(c)", KvsPeerBrowser.PeerConfig(service, arn, "VIEWER", "listener-1", viewerCredential));

        try
        {
            await Eventually.TrueAsync(async () => (await KvsPeerBrowser.PeerAsync(master, "listener-1")).HearsAudio
                && (await KvsPeerBrowser.PeerAsync(viewer, "master")).HearsAudio,
                "both browsers connected and receiving audio", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nmaster: {await KvsPeerBrowser.DescribeAsync(master)}\nviewer: {await KvsPeerBrowser.DescribeAsync(viewer)}");
        }
    }
}
