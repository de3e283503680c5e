using BroadcastOperator.Aws;
using BroadcastOperator.Signaling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace BroadcastOperator.Deployment.Tests.Pages;

/// <summary>
/// The pages' world: bundles built, the real Signaling service (self-signed TLS) on a free loopback port,
/// <see cref="FakeSessionApi"/> serving wwwroot, and Debian's Chromium through Playwright with a fake microphone.
/// </summary>
public sealed class PagesFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string Region = "us-east-1";
    private static readonly AwsCredentials Operator = new("AKIAPAGESTESTKEY0001", "pages-test-operator-secret");

    private WebApplication? _signaling;
    private IPlaywright? _playwright;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _console = [];

    public string? Unavailable { get; private set; }

    /// <summary>What the page logged, for failure messages.</summary>
    public IReadOnlyList<string> ConsoleOf(IPage page) => _console.TryGetValue(page, out var lines) ? [.. lines] : [];

    public FakeSessionApi Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here, under the test output folder.</summary>
    public string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "pages");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"{ChromiumPath} is not installed (scripts/install-deps.sh installs it)";
            return;
        }
        Unavailable = PageBundle.EnsureBuilt();
        if (Unavailable is not null)
        {
            return;
        }
        Directory.CreateDirectory(ArtifactsDirectory);
        _signaling = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Signaling:Port"] = "0",
                ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
                ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
                ["Signaling:Region"] = Region,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _signaling.StartAsync();
        var bound = new Uri(SignalingHost.BoundUrls(_signaling).Single());
        Api = new FakeSessionApi(new Uri($"https://127.0.0.1:{bound.Port}"), Operator, Region);
        await Api.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                // The signaling service's certificate is self-signed; the pages are served over http://127.0.0.1.
                "--ignore-certificate-errors", "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async Task<IPage> OpenAsync(string path, int width, int height, bool mobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            Permissions = ["microphone"],
        });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        _console.Add(page, console);
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"page error: {error}");
        await page.GotoAsync(new Uri(Api.BaseUrl, path).ToString());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
        if (_signaling is not null)
        {
            await _signaling.StopAsync();
            await _signaling.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PagesCollection : ICollectionFixture<PagesFixture>
{
    public const string Name = "pages";
}
