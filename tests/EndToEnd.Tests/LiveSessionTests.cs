using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// A live session end to end, everything started as `make run` starts it: a Chromium speaker on the speaker page
/// (official KVS SDK as MASTER, librivox speech as its microphone), three Chromium listeners on the listener page
/// (source language, es, ca) and two Firefox listeners (en, es; Debian's firefox-esr driven by <see cref="FirefoxListener"/>)
/// as VIEWERs; then the speaker stops and the session is torn down. Signaling serves a certificate from a test CA that
/// the Firefox profiles trust, as a user's Firefox trusts a real one.
/// </summary>
public sealed partial class LiveSessionTests(ITestOutputHelper output)
{
    private const string Chromium = ChromiumPages.Executable;
    private const double RequiredCorrelation = 0.8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    // The probes here run kubectl or read a page: every half second is often enough.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly string[] ListenerLanguages = ["en", "es", "ca"];
    private static readonly string[] FirefoxLanguages = ["en", "es"];

    [SkippableFact]
    public async Task Speaker_and_Chromium_and_Firefox_listeners_hear_the_session_and_stopping_it_tears_everything_down()
    {
        foreach (var tool in new[] { "kubectl", "sox", "apertium", "certutil" })
        {
            Skip.IfNot(Tool.Exists(tool), $"{tool} is not installed (scripts/install-deps.sh installs it)");
        }
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (scripts/install-deps.sh installs it)");
        Skip.IfNot(File.Exists(FirefoxListener.Executable), $"{FirefoxListener.Executable} is not installed (scripts/install-deps.sh installs it)");
        Skip.IfNot(Directory.Exists(SpeakerAudio.LibrivoxDirectory), "pocketsphinx-testdata is not installed");
        Skip.IfNot(File.Exists(Path.Combine(Repository.Root, "src/SessionApi/bin/Debug/net10.0/wwwroot/js/speaker.bundle.js")),
            "the pages' SDK bundle is not built (make test runs make pages first)");

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "live-session")).FullName;
        var audio = await SpeakerAudio.CreateAsync(artifacts);
        var authority = TestCertificateAuthority.Create(Path.Combine(artifacts, "certificates"));
        // Firefox starts first: its start takes a core for seconds (then it idles on about:blank at ~2 % of one), which the
        // system's start may share but the speaker's audio and its envelope check must not.
        var firefoxes = new List<FirefoxListener>();
        try
        {
            foreach (var _ in FirefoxLanguages)
            {
                firefoxes.Add(await FirefoxListener.LaunchAsync(authority.CaCertificatePath, artifacts));
            }
            await using var system = await LocalSystem.StartAsync(Path.Combine(artifacts, "system"), TimeSpan.FromMinutes(3), authority.SignalingEnvironment);
            var tools = new SystemTools(system);
            try
            {
                await RunSessionAsync(system, tools, audio, firefoxes, artifacts);
            }
            catch (Exception e) when (e is not SkipException)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\n{system.Logs()}", e);
            }
        }
        finally
        {
            // Firefox and its profile go whatever happened.
            foreach (var firefox in firefoxes)
            {
                await firefox.DisposeAsync();
            }
        }
    }

    private async Task RunSessionAsync(LocalSystem system, SystemTools tools, SpeakerAudio audio, IReadOnlyList<FirefoxListener> firefoxes, string artifacts)
    {
        var speakerToken = await tools.TokenAsync("e2e-speaker", "speaker");
        var listenerToken = await tools.TokenAsync("e2e-listener", "listener");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, audio.Path);

        // The speaker creates the session from the page and goes on air.
        var speaker = await OpenAsync(browser, system, "speaker.html", 1280, 900, PageProbe.UnprocessedMicrophone);
        await speaker.FillAsync("#token", speakerToken);
        await speaker.CheckAsync("input[name=target][value=ca]");
        await speaker.ClickAsync("#start");
        await WaitForTextAsync(speaker, "#status", "On air");
        var session = (await speaker.TextContentAsync("#session-id"))!.Trim();
        output.WriteLine($"session {session} on air");

        // Captions of es, read as an API client would (join → captionsUrl through SessionApi's relay).
        var captionsUrl = await JoinForCaptionsAsync(system, session, listenerToken, "es");
        await using var captions = CaptionStream.Open(captionsUrl);

        var listeners = new Dictionary<string, IPage>();
        foreach (var language in ListenerLanguages)
        {
            var page = await OpenAsync(browser, system, $"listener.html?session={session}&language={language}", 390, 844);
            await page.FillAsync("#token", listenerToken);
            await page.PressAsync("#token", "Tab");
            await page.WaitForFunctionAsync("() => !document.querySelector('#play').disabled", null, new() { Timeout = Ms(Deadline) });
            await page.SelectOptionAsync("#language", language);
            await page.ClickAsync("#play");
            await WaitForTextAsync(page, "#status", "Playing.");
            listeners[language] = page;
        }

        // Every listener receives audio: packets and, once a phrase is spoken or translated, energy.
        foreach (var (language, page) in listeners)
        {
            var received = await Eventually.GetAsync(() => PageProbe.ReceivedAsync(page), r => r.Packets > 100 && r.TotalAudioEnergy > 0.01,
                $"{language} listener audio", TimeSpan.FromSeconds(120), pollEvery: Poll, diagnose: () => PageProbe.DescribeConnectionsAsync(page));
            output.WriteLine($"{language} listener: {received.Packets} packets, total audio energy {received.TotalAudioEnergy:0.000}");
        }

        // The source-language listener hears the speaker's own audio.
        var (microphone, heard) = await PageProbe.RecordBothAsync(speaker, listeners["en"], WindowedCorrelation.HeardDurationFor(windows: 5));
        await File.WriteAllLinesAsync(Path.Combine(artifacts, "envelopes.txt"),
            [$"microphone start {microphone.StartMs} {string.Join(' ', microphone.Envelope)}", $"heard start {heard.StartMs} {string.Join(' ', heard.Envelope)}"]);
        var match = WindowedCorrelation.Windows(microphone, heard);
        var correlation = match.Median;
        // The same heard audio played backwards: what unrelated speech with pauses scores.
        var control = WindowedCorrelation.Median(microphone, heard, reverseHeard: true);
        var playout = await PageProbe.DescribePlayoutAsync(listeners["en"]);
        var envelopeDetail = $"windows {match}; clocks {microphone.Clock}/{heard.Clock}; en playout: {playout}";
        output.WriteLine($"source-language listener envelope correlation with the speaker's microphone: {correlation:0.000} "
            + $"(median of 4 s windows after the first 2 s, delay -0.1 to 1 s; time-reversed control {control:0.000}); {envelopeDetail}");
        // Asserted last, so a poor envelope still lets every other check run and report.
        void CheckEnvelope() => Assert.True(correlation >= RequiredCorrelation && correlation > control,
            $"envelope correlation {correlation:0.000}: needs >= {RequiredCorrelation} and above the time-reversed control {control:0.000} ({envelopeDetail})");

        // Firefox listeners on the passthrough and a translated language: their own ICE (host candidates on this machine's
        // interface addresses, no loopback) and DTLS, signaling over the CA-trusted WSS endpoint.
        foreach (var (language, firefox) in FirefoxLanguages.Zip(firefoxes))
        {
            await firefox.ListenAsync(new Uri(system.SessionApi, $"listener.html?session={session}&language={language}"), listenerToken);
        }
        foreach (var (language, firefox) in FirefoxLanguages.Zip(firefoxes))
        {
            var report = await firefox.WaitForAsync(r => r.Packets > 100 && r.TotalAudioEnergy > 0.01 && r.IceState is "connected" or "completed",
                TimeSpan.FromSeconds(120), $"{language} listener audio");
            output.WriteLine($"Firefox {language} listener: {report}");
        }

        await CheckSessionAsync(tools, speaker, listeners, captions, audio, session, artifacts, firefoxes);
        CheckEnvelope();
    }

    private async Task CheckSessionAsync(SystemTools tools, IPage speaker, Dictionary<string, IPage> listeners,
        CaptionStream captions, SpeakerAudio audio, string session, string artifacts, IReadOnlyList<FirefoxListener> firefoxes)
    {
        var listenerCount = (listeners.Count + firefoxes.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The cluster counts every listener; so does the speaker's page.
        var column = await Eventually.GetAsync(() => tools.ListenersColumnAsync(session), c => c == listenerCount, "kubectl get bcs", TimeSpan.FromSeconds(30),
            pollEvery: Poll);
        output.WriteLine($"kubectl get bcs {session}: LISTENERS {column}");
        await WaitForTextAsync(speaker, "#listener-count", listenerCount);

        await CheckCaptionsAsync(captions, audio);
        await listeners["es"].WaitForFunctionAsync("() => [...document.querySelectorAll('#captions .final')].some(c => c.lang === 'es')", null,
            new() { Timeout = Ms(Deadline) });
        foreach (var (language, page) in listeners.Append(new("speaker", speaker)))
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, $"{language}.png"), FullPage = true });
        }

        // Stopping deletes the session: every listener is disconnected, and no channel, pod or service is left.
        await speaker.ClickAsync("#stop");
        await WaitForTextAsync(speaker, "#status", $"Session {session} ended.");
        foreach (var (language, page) in listeners)
        {
            var states = await Eventually.GetAsync(() => PageProbe.ConnectionStatesAsync(page), s => s.Length > 0 && !s.Contains("connected"),
                $"{language} listener disconnect", TimeSpan.FromSeconds(60), pollEvery: Poll);
            output.WriteLine($"{language} listener after delete: {string.Join(",", states)}");
        }
        foreach (var (language, firefox) in FirefoxLanguages.Zip(firefoxes))
        {
            var report = await firefox.WaitForAsync(r => r.ConnectionState is not "connected", TimeSpan.FromSeconds(60), $"{language} listener disconnect");
            output.WriteLine($"Firefox {language} listener after delete: {report.ConnectionState}");
        }
        await Eventually.GetAsync(() => tools.KubectlAsync("get", "bcs", session), r => r.ExitCode != 0 && r.Stderr.Contains("NotFound"),
            "session resource gone", TimeSpan.FromSeconds(60), pollEvery: Poll);
        var left = await Eventually.GetAsync(() => tools.KubectlAsync("get", "pods,services", "-o", "name"), r => r.ExitCode == 0 && !r.Stdout.Contains(session),
            "worker pod and service gone", TimeSpan.FromSeconds(60), pollEvery: Poll);
        Assert.DoesNotContain(session, left.Stdout);
        Assert.Empty(await tools.ChannelsOfAsync(session));
    }

    /// <summary>
    /// The English finals are the speaker's words (checked against the recordings' transcripts), and the Spanish finals
    /// carry their meaning: apertium spa-eng of the Spanish text gives back the English content words.
    /// </summary>
    private async Task CheckCaptionsAsync(CaptionStream captions, SpeakerAudio audio)
    {
        await Eventually.GetAsync(() => Task.FromResult(captions.Finals("es", source: false).Count), n => n >= 2, "two es finals", TimeSpan.FromSeconds(120),
            pollEvery: Poll);
        var english = captions.Finals("en", source: true).Select(c => c.Text).ToList();
        var spanish = captions.Finals("es", source: false).Select(c => c.Text).ToList();
        output.WriteLine($"en finals: {string.Join(" | ", english)}");
        output.WriteLine($"es finals: {string.Join(" | ", spanish)}");

        var heard = ContentWords(string.Join(' ', english));
        var spoken = audio.TranscriptWords.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var recognized = heard.Count(spoken.Contains);
        output.WriteLine($"recognized content words in the transcripts: {recognized}/{heard.Count}");
        Assert.True(heard.Count > 0 && recognized >= heard.Count / 2, $"only {recognized} of {heard.Count} recognized words were spoken");

        var back = await Tool.RunAsync("apertium", ["-u", "spa-eng"], stdin: string.Join('\n', spanish));
        Assert.Equal(0, back.ExitCode);
        var backWords = ContentWords(back.Stdout);
        var kept = heard.Count(backWords.Contains);
        output.WriteLine($"apertium spa-eng of the es captions: {back.Stdout.Trim()}");
        output.WriteLine($"English content words carried through Spanish: {kept}/{heard.Count}");
        Assert.True(kept >= heard.Count / 3, $"only {kept} of {heard.Count} content words survive es → en");
    }

    private static HashSet<string> ContentWords(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);

    private static async Task<string> JoinForCaptionsAsync(LocalSystem system, string session, string token, string language)
    {
        using var http = new HttpClient { BaseAddress = system.SessionApi };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var joined = await http.PostAsync($"sessions/{session}/join",
            new StringContent($$"""{"language":"{{language}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await joined.Content.ReadAsStringAsync();
        Assert.True(joined.IsSuccessStatusCode, $"join {language}: {(int)joined.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("captionsUrl").GetString()!;
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string microphoneWav) => ChromiumPages.LaunchAsync(playwright, microphoneWav);

    private Task<IPage> OpenAsync(IBrowser browser, LocalSystem system, string path, int width, int height, string? initScript = null) =>
        ChromiumPages.OpenAsync(browser, system, path, width, height, output, initScript);

    private static Task WaitForTextAsync(IPage page, string selector, string text) => PageProbe.WaitForTextAsync(page, selector, text, Deadline);

    private static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    [GeneratedRegex("[a-z']+")]
    private static partial Regex Word();
}
