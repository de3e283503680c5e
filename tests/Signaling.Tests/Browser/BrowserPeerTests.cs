using System.Text.Json;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace BroadcastOperator.Signaling.Tests.Browser;

/// <summary>
/// The SDK's browser build (dist/kvs-webrtc.min.js, global KVSWebRTC) in headless Chromium as
/// master and viewer: two browsers connect peer-to-peer through our service and hear each other.
/// </summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class BrowserPeerTests(SignalingServiceFixture service) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private WebApplication? _pages;
    private string _pageUrl = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium) || NodeSdk.MissingToolReason() is not null)
        {
            return;
        }
        await NodeSdk.EnsureInstalledAsync();
        await StartPageServerAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns", "--ignore-certificate-errors",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }

    /// <summary>
    /// Serves the page and the SDK from a real loopback origin: Chromium's local-network checks
    /// let a loopback page open a WebSocket to the loopback signaling service.
    /// </summary>
    private async Task StartPageServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _pages = builder.Build();
        var html = Path.Combine(AppContext.BaseDirectory, "Browser", "kvs-peer.html");
        var sdk = Path.Combine(NodeSdk.Directory, "node_modules", "amazon-kinesis-video-streams-webrtc", "dist", "kvs-webrtc.min.js");
        _pages.MapGet("/kvs-peer.html", () => Results.File(html, "text/html"));
        _pages.MapGet("/kvs-webrtc.min.js", () => Results.File(sdk, "text/javascript"));
        await _pages.StartAsync();
        var port = new Uri(_pages.Urls.Single()).Port;
        _pageUrl = $"http://localhost:{port}/kvs-peer.html";
    }

    [SkippableFact]
    public async Task Two_browsers_connect_peer_to_peer_through_our_service_and_exchange_audio()
    {
        Skip.If(_browser is null, $"{Chromium} or node is not installed");
        var arn = await service.CreateChannelAsync("browser");
        var master = await OpenPageAsync();
        var viewer = await OpenPageAsync();
        var masterCredential = service.Issuer.Issue(arn, ChannelRole.Master, "speaker");
        var viewerCredential = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1");

        await master.EvaluateAsync("c => window.startPeer(c)", PeerConfig(arn, "MASTER", null, masterCredential));
        await viewer.EvaluateAsync("c => window.startPeer(c)", PeerConfig(arn, "VIEWER", "listener-1", viewerCredential));

        try
        {
            await Eventually.TrueAsync(async () => await HearsAudioAsync(master, "listener-1") && await HearsAudioAsync(viewer, "master"),
                "both browsers connected and receiving audio", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nmaster: {await DescribeAsync(master)}\nviewer: {await DescribeAsync(viewer)}");
        }
    }

    private async Task<IPage> OpenPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { Permissions = ["microphone"], IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Console.WriteLine($"browser console: {message.Text}");
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(_pageUrl);
        return page;
    }

    private static async Task<string> DescribeAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("async () => ({ log: window.peerLog, states: await window.peerStates() })")).ToString();

    private static async Task<bool> HearsAudioAsync(IPage page, string remoteId)
    {
        var states = await page.EvaluateAsync<JsonElement>("() => window.peerStates()");
        return states.EnumerateArray().Any(s => s.GetProperty("id").GetString() == remoteId
            && s.GetProperty("state").GetString() == "connected" && s.GetProperty("packets").GetInt32() > 0);
    }

    private object PeerConfig(string arn, string role, string? clientId, ScopedCredential credential) => new
    {
        channelARN = arn,
        channelEndpoint = service.WssEndpoint.ToString().TrimEnd('/'),
        role,
        clientId,
        region = SignalingServiceFixture.Region,
        credentials = new { accessKeyId = credential.AccessKeyId, secretAccessKey = credential.SecretAccessKey, sessionToken = credential.SessionToken },
    };
}
