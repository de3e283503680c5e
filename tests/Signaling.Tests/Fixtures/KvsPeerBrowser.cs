using System.Text.Json;
using BroadcastOperator.Shared.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace BroadcastOperator.Signaling.Tests.Fixtures;

/// <summary>
/// Headless Chromium with Browser/kvs-peer.html: the SDK's browser build (dist/kvs-webrtc.min.js, global KVSWebRTC), served
/// from a real loopback origin so Chromium's local-network checks let the page open a WebSocket to loopback signaling.
/// </summary>
public sealed class KvsPeerBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private WebApplication? _pages;
    private string _pageUrl = "";

    /// <summary>Why no browser can run here, or null.</summary>
    public static string? Unavailable() =>
        !File.Exists(Chromium) ? $"{Chromium} is not installed (scripts/install-deps.sh installs it)" : NodeSdk.MissingToolReason();

    /// <summary>Null when <see cref="Unavailable"/> says why.</summary>
    public static async Task<KvsPeerBrowser?> StartAsync()
    {
        if (Unavailable() is not null)
        {
            return null;
        }
        await NodeSdk.EnsureInstalledAsync();
        var browser = new KvsPeerBrowser();
        await browser.StartPageServerAsync();
        browser._playwright = await Playwright.CreateAsync();
        browser._browser = await browser._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
        return browser;
    }

    public async ValueTask DisposeAsync()
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

    public async Task<IPage> OpenPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { Permissions = ["microphone"], IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Console.WriteLine($"browser console: {message.Text}");
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(_pageUrl);
        return page;
    }

    public static async Task<string> DescribeAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("async () => ({ log: window.peerLog, states: await window.peerStates() })")).ToString();

    /// <summary>The page's view of its peer <paramref name="remoteId"/>: connected with audio received, and over which candidate type.</summary>
    public static async Task<(bool HearsAudio, string? LocalCandidateType)> PeerAsync(IPage page, string remoteId)
    {
        var states = await page.EvaluateAsync<JsonElement>("() => window.peerStates()");
        foreach (var state in states.EnumerateArray().Where(s => s.GetProperty("id").GetString() == remoteId))
        {
            var hears = state.GetProperty("state").GetString() == "connected" && state.GetProperty("packets").GetInt32() > 0;
            return (hears, state.TryGetProperty("localCandidateType", out var type) ? type.GetString() : null);
        }
        return (false, null);
    }

    /// <summary>What window.startPeer takes; <paramref name="iceServers"/> in RTCIceServer shape, <paramref name="iceTransportPolicy"/> `all` or `relay`.</summary>
    public static object PeerConfig(SignalingServiceFixture service, string arn, string role, string? clientId, ScopedCredential credential,
        object[]? iceServers = null, string iceTransportPolicy = "all") => new
        {
            channelARN = arn,
            channelEndpoint = service.WssEndpoint.ToString().TrimEnd('/'),
            role,
            clientId,
            region = SignalingServiceFixture.Region,
            credentials = new { accessKeyId = credential.AccessKeyId, secretAccessKey = credential.SecretAccessKey, sessionToken = credential.SessionToken },
            iceServers = iceServers ?? [],
            iceTransportPolicy,
        };
}
