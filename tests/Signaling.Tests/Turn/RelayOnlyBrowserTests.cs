using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Turn;

/// <summary>
/// Two Chromium peers that may use TURN relay candidates only (`iceTransportPolicy: 'relay'`) connect through coturn, each
/// with the ICE servers GetIceServerConfig minted for it, mapped to RTCIceServer the way the KVS SDK's sample app does.
/// </summary>
public sealed class RelayOnlyBrowserTests(CoturnSignalingFixture fixture) : IClassFixture<CoturnSignalingFixture>, IAsyncLifetime
{
    private KvsPeerBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (fixture.Turn.Unavailable is null)
        {
            _browser = await KvsPeerBrowser.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Relay_only_browsers_hear_each_other_through_coturn_with_minted_credentials()
    {
        Skip.If(fixture.Turn.Unavailable is not null, fixture.Turn.Unavailable);
        Skip.If(_browser is null, KvsPeerBrowser.Unavailable());
        var signaling = fixture.Signaling;
        var arn = await signaling.CreateChannelAsync("relay");
        var masterCredential = signaling.Issuer.Issue(arn, ChannelRole.Master, "speaker-relay");
        var viewerCredential = signaling.Issuer.Issue(arn, ChannelRole.Viewer, "listener-relay");
        var masterIce = await IceServersAsync(arn, ChannelRole.Master, "speaker-relay", masterCredential);
        var viewerIce = await IceServersAsync(arn, ChannelRole.Viewer, "listener-relay", viewerCredential);
        var master = await _browser.OpenPageAsync();
        var viewer = await _browser.OpenPageAsync();

        await master.EvaluateAsync("c => window.startPeer(c)",
            KvsPeerBrowser.PeerConfig(signaling, arn, "MASTER", null, masterCredential, [.. masterIce.Select(ToRtcIceServer)], "relay"));
        await viewer.EvaluateAsync("c => window.startPeer(c)",
            KvsPeerBrowser.PeerConfig(signaling, arn, "VIEWER", "listener-relay", viewerCredential, [.. viewerIce.Select(ToRtcIceServer)], "relay"));

        try
        {
            await Eventually.TrueAsync(async () => (await KvsPeerBrowser.PeerAsync(master, "listener-relay")).HearsAudio
                && (await KvsPeerBrowser.PeerAsync(viewer, "master")).HearsAudio,
                "both relay-only browsers connected and receiving audio", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nmaster: {await KvsPeerBrowser.DescribeAsync(master)}\nviewer: {await KvsPeerBrowser.DescribeAsync(viewer)}\n"
                + fixture.Turn.ServerLog);
        }
        Assert.Equal("relay", (await KvsPeerBrowser.PeerAsync(master, "listener-relay")).LocalCandidateType);
        Assert.Equal("relay", (await KvsPeerBrowser.PeerAsync(viewer, "master")).LocalCandidateType);
        foreach (var username in new[] { masterIce, viewerIce }.Select(ice => ice.Single(s => s.Username is not null).Username!))
        {
            Assert.Contains(Coturn.AllocationGranted(username), fixture.Turn.ServerLog, StringComparison.Ordinal);
        }
    }

    private async Task<IReadOnlyList<KvsIceServer>> IceServersAsync(string arn, ChannelRole role, string clientId, ScopedCredential credential)
    {
        using var client = fixture.Signaling.ControlPlane(credential.ToAwsCredentials());
        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, role);
        return await client.GetIceServerConfigAsync(endpoints.Https!, arn, clientId);
    }

    // The KVS SDK's sample app: { urls: Uris, username: Username, credential: Password }.
    private static object ToRtcIceServer(KvsIceServer server) => new { urls = server.Uris, username = server.Username, credential = server.Password };
}
