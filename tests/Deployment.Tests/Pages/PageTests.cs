using Microsoft.Playwright;

namespace BroadcastOperator.Deployment.Tests.Pages;

/// <summary>
/// The speaker and listener pages in Debian's headless Chromium, with the official KVS SDK bundled in them,
/// against the real Signaling service: a session is started, the speaker's (fake) microphone reaches the
/// listener page over WebRTC, captions and the listener count show, at phone and desktop widths, by mouse and
/// by keyboard alone.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class PageTests(PagesFixture fixture)
{
    private static readonly PageWaitForFunctionOptions Deadline = new() { Timeout = 30_000, PollingInterval = 100 };

    [SkippableFact]
    public async Task Speaker_starts_a_session_and_a_listener_hears_it_with_captions_and_is_counted()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        var speaker = await fixture.OpenAsync("speaker.html", 1280, 800);
        await speaker.FillAsync("#token", FakeSessionApi.Token);
        await speaker.ClickAsync("#start");
        await WaitForTextAsync(speaker, "#status", "On air");
        var sessionId = (await speaker.TextContentAsync("#session-id"))!.Trim();
        await speaker.WaitForFunctionAsync("() => document.querySelector('#level').value > 0", null, Deadline);
        await speaker.WaitForFunctionAsync("() => document.querySelectorAll('#captions .final').length > 0", null, Deadline);
        Assert.Equal("0", await speaker.TextContentAsync("#listener-count"));

        var listener = await fixture.OpenAsync($"listener.html?session={sessionId}", 390, 844, mobile: true);
        await listener.WaitForFunctionAsync("() => !document.querySelector('#play').disabled", null, Deadline);
        await listener.SelectOptionAsync("#language", "es");
        await listener.ClickAsync("#play");
        await WaitForTextAsync(listener, "#status", "Playing.");
        await listener.WaitForFunctionAsync(
            "() => { const a = document.querySelector('#audio'); return !a.paused && a.srcObject && a.srcObject.getAudioTracks().length === 1; }", null, Deadline);
        await listener.WaitForFunctionAsync("() => parseInt(document.querySelector('#received').textContent) > 10", null, Deadline);
        await listener.WaitForFunctionAsync("() => [...document.querySelectorAll('#captions .final')].some(c => c.textContent.startsWith('Hola a todos') && c.lang === 'es')", null, Deadline);
        // The English original reaches the Spanish listener too, marked as such.
        await listener.WaitForFunctionAsync("() => [...document.querySelectorAll('#captions .final.original')].some(c => c.lang === 'en')", null, Deadline);

        // The speaker sees the listener (polled from the session) and the listener's peer connection.
        await WaitForTextAsync(speaker, "#listener-count", "1");
        await WaitForTextAsync(speaker, "#peers", "1 connected");
        Assert.Contains("Spanish: 1", await speaker.TextContentAsync("#per-language"));

        await SaveScreenshotsAsync(speaker, "speaker");
        await SaveScreenshotsAsync(listener, "listener");

        await speaker.ClickAsync("#stop");
        await WaitForTextAsync(speaker, "#status", $"Session {sessionId} ended.");
        Assert.True(fixture.Api.Sessions[sessionId].Deleted);
        await speaker.Context.CloseAsync();
        await listener.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Both_pages_work_with_the_keyboard_alone()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        var speaker = await fixture.OpenAsync("speaker.html", 1280, 800);
        await TabToAsync(speaker, "token");
        await speaker.Keyboard.InsertTextAsync(FakeSessionApi.Token);
        await TabToAsync(speaker, "source");
        await speaker.Keyboard.PressAsync("Tab");
        Assert.Equal("es", await speaker.EvaluateAsync<string>("() => document.activeElement.value"));
        await speaker.Keyboard.PressAsync("Tab");
        Assert.Equal("ca", await speaker.EvaluateAsync<string>("() => document.activeElement.value"));
        await speaker.Keyboard.PressAsync("Space");
        await TabToAsync(speaker, "start");
        await speaker.Keyboard.PressAsync("Enter");
        await WaitForTextAsync(speaker, "#status", "On air");
        var sessionId = (await speaker.TextContentAsync("#session-id"))!.Trim();
        Assert.Equal(["es", "ca"], fixture.Api.Sessions[sessionId].TargetLanguages);
        // Starting moves the focus to Stop, so the next key press can end the broadcast.
        Assert.Equal("stop", await speaker.EvaluateAsync<string>("() => document.activeElement.id"));

        var listener = await fixture.OpenAsync("listener.html", 1280, 800);
        await TabToAsync(listener, "session");
        await listener.Keyboard.InsertTextAsync(sessionId);
        await TabToAsync(listener, "language");
        await listener.WaitForFunctionAsync("() => document.querySelectorAll('#language option').length === 3", null, Deadline);
        await listener.Keyboard.PressAsync("ArrowDown");
        await listener.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("ca", await listener.EvaluateAsync<string>("() => document.querySelector('#language').value"));
        await TabToAsync(listener, "play");
        await listener.Keyboard.PressAsync("Enter");
        await WaitForTextAsync(listener, "#status", "Playing.");
        await listener.WaitForFunctionAsync("() => [...document.querySelectorAll('#captions .final')].some(c => c.textContent.startsWith('Hola a tothom'))", null, Deadline);

        await speaker.Keyboard.PressAsync("Enter");
        await WaitForTextAsync(speaker, "#status", $"Session {sessionId} ended.");
        await speaker.Context.CloseAsync();
        await listener.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_wrong_token_is_explained_and_the_page_stays_usable()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        var speaker = await fixture.OpenAsync("speaker.html", 390, 844, mobile: true);
        await speaker.FillAsync("#token", "not-a-valid-token");
        await speaker.ClickAsync("#start");
        await WaitForTextAsync(speaker, "#status", "The token was not accepted");
        Assert.Equal("error", await speaker.GetAttributeAsync("#status", "data-kind"));
        Assert.False(await speaker.IsDisabledAsync("#start"));
        await speaker.Context.CloseAsync();
    }

    /// <summary>Presses Tab until the element with this id has the focus (at most 15 times).</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 15; presses++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") == id)
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"#{id} cannot be reached with the Tab key");
    }

    private async Task WaitForTextAsync(IPage page, string selector, string text)
    {
        try
        {
            await page.WaitForFunctionAsync("([s, t]) => (document.querySelector(s)?.textContent ?? '').includes(t)", new[] { selector, text }, Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{selector} never showed '{text}'; it shows '{await page.TextContentAsync(selector)}', status '{await page.TextContentAsync("#status")}'."
                + $"\nBrowser console:\n{string.Join('\n', fixture.ConsoleOf(page))}");
        }
    }

    private async Task SaveScreenshotsAsync(IPage page, string name)
    {
        foreach (var (width, height, label) in new[] { (390, 844, "phone"), (1280, 800, "desktop") })
        {
            await page.SetViewportSizeAsync(width, height);
            var path = Path.Combine(fixture.ArtifactsDirectory, $"{name}-{label}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            Assert.True(new FileInfo(path).Length > 1000, $"{path} is empty");
        }
        // Readable on a phone: nothing wider than the viewport.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), $"{name} page scrolls sideways on a phone");
    }
}
