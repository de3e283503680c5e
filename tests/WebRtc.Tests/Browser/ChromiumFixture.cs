using Microsoft.Playwright;

namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>
/// One headless Debian Chromium for the browser tests, its fake microphone playing
/// <see cref="ToneBursts"/> from a WAV written at start. Pages are served by request
/// interception at http://localhost, a secure context, so getUserMedia works without a server.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private readonly string _wavPath = Path.Combine(Path.GetTempPath(), $"webrtc-tests-{Environment.ProcessId}.wav");
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Unavailable = $"{ExecutablePath} is not installed (scripts/install-deps.sh installs it)";
            return;
        }

        ToneBursts.WriteWav(_wavPath);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required", "--use-file-for-fake-audio-capture=" + _wavPath,
            ],
        });
    }

    /// <summary>A fresh page with the test script loaded.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { Permissions = ["microphone"] });
        var page = await context.NewPageAsync();
        await page.RouteAsync(TestPage.Url, route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = TestPage.Html }));
        await page.GotoAsync(TestPage.Url);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        File.Delete(_wavPath);
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
