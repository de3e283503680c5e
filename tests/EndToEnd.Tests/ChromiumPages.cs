using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>Headless Chromium on the system's pages, a WAV file as its microphone (Chromium loops it).</summary>
internal static class ChromiumPages
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string microphoneWav) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                $"--use-file-for-fake-audio-capture={microphoneWav}",
                // The local signaling service's certificate is self-signed.
                "--ignore-certificate-errors", "--autoplay-policy=no-user-gesture-required",
            ],
        });

    public static async Task<IPage> OpenAsync(IBrowser browser, LocalSystem system, string path, int width, int height, ITestOutputHelper output,
        string? initScript = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = ["microphone"],
        });
        await context.AddInitScriptAsync(PageProbe.InitScript + (initScript ?? ""));
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => output.WriteLine($"{path}: page error: {error}");
        await page.GotoAsync(new Uri(system.SessionApi, path).ToString());
        return page;
    }
}
