using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>What a Firefox listener page reported about its connection (its getStats, once a second).</summary>
public sealed record FirefoxReport(int Packets, double TotalAudioEnergy, double AudioLevel, string IceState, string ConnectionState,
    string SelectedPair, string Status)
{
    public override string ToString() =>
        $"{Packets} packets, energy {TotalAudioEnergy:0.000}, level {AudioLevel:0.000}, ice {IceState}, connection {ConnectionState}, "
        + $"pair {SelectedPair}, status '{Status}'";
}

/// <summary>
/// Debian's Firefox ESR as a listener on the listener page, headless, driven through WebDriver BiDi (Playwright's Firefox
/// driver needs its own patched build). Each listener has a fresh profile: a user.js that allows autoplay and points every
/// background service at a closed local port, and an NSS database trusting the test CA that issued the signaling
/// certificate (certutil). The page is driven by one script (token, language, Play) and posts its getStats to a small
/// HTTP listener here every second. Disposing kills Firefox and every child process and deletes the profile.
/// </summary>
public sealed class FirefoxListener : IAsyncDisposable
{
    public const string Executable = "/usr/bin/firefox-esr";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _profile;
    private readonly Process _firefox;
    private readonly HttpListener _reports;
    private readonly StringBuilder _log = new();
    private readonly CancellationTokenSource _stopping = new();
    private ClientWebSocket? _bidi;
    private int _nextCommand;
    private readonly int _reportPort;
    private string _context = "";
    private FirefoxReport? _latest;

    private FirefoxListener(string profile, Process firefox, HttpListener reports, int reportPort)
    {
        _profile = profile;
        _firefox = firefox;
        _reports = reports;
        _reportPort = reportPort;
    }

    /// <summary>The latest report, null before the first.</summary>
    public FirefoxReport? Latest => Volatile.Read(ref _latest);

    /// <summary>Firefox's own output (its last lines), for failure messages.</summary>
    public string Log()
    {
        lock (_log)
        {
            var lines = _log.ToString().Split('\n');
            return string.Join('\n', lines.TakeLast(40));
        }
    }

    /// <summary>
    /// Starts Firefox with a fresh profile in <paramref name="workDirectory"/> trusting <paramref name="caCertificatePem"/>, on
    /// about:blank with its WebDriver BiDi session open. Start it before the audio that matters: a starting Firefox takes a
    /// core for seconds.
    /// </summary>
    public static async Task<FirefoxListener> LaunchAsync(string caCertificatePem, string workDirectory)
    {
        var profile = Directory.CreateDirectory(Path.Combine(workDirectory, $"firefox-profile-{Guid.NewGuid():N}")).FullName;
        var reports = new HttpListener();
        var reportPort = FreePort();
        reports.Prefixes.Add($"http://127.0.0.1:{reportPort}/");
        Process? firefox = null;
        try
        {
            reports.Start();
            await File.WriteAllTextAsync(Path.Combine(profile, "user.js"), UserJs(FreePort()));
            await TrustAsync(profile, caCertificatePem);
            var start = new ProcessStartInfo(Executable, ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0", "about:blank"])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // Root is fine for Firefox, and headless needs no display. The content sandbox ran here too, but it needs user
            // namespaces that a CI container may refuse, and it guards nothing in a throwaway profile on our own pages.
            start.Environment["MOZ_DISABLE_CONTENT_SANDBOX"] = "1";
            start.Environment["MOZ_HEADLESS"] = "1";
            start.Environment["MOZ_CRASHREPORTER_DISABLE"] = "1";
            start.Environment["MOZ_DISABLE_AUTO_SAFE_MODE"] = "1";
            // Its caches go to the profile, which is deleted afterwards.
            start.Environment["XDG_CACHE_HOME"] = Path.Combine(profile, "cache");
            firefox = Process.Start(start)!;
            var listener = new FirefoxListener(profile, firefox, reports, reportPort);
            try
            {
                await listener.ConnectAsync();
                return listener;
            }
            catch
            {
                await listener.DisposeAsync();
                throw;
            }
        }
        catch when (firefox is null)
        {
            reports.Close();
            TryDelete(profile);
            throw;
        }
    }

    /// <summary>Opens <paramref name="listenerPage"/> (listener.html?session=…&amp;language=…) and presses Play with <paramref name="token"/>.</summary>
    public async Task ListenAsync(Uri listenerPage, string token)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await CommandAsync("browsingContext.navigate",
                new JsonObject { ["context"] = _context, ["url"] = listenerPage.ToString(), ["wait"] = "complete" }, timeout.Token);
            await CommandAsync("script.evaluate", new JsonObject
            {
                ["expression"] = PageScript(token, $"http://127.0.0.1:{_reportPort}/report"),
                ["target"] = new JsonObject { ["context"] = _context },
                ["awaitPromise"] = false,
            }, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Firefox did not load {listenerPage} within {StartTimeout.TotalSeconds:0} s\n{Log()}");
        }
    }

    /// <summary>Waits until a report satisfies <paramref name="done"/>; fails with the latest report and Firefox's log.</summary>
    public async Task<FirefoxReport> WaitForAsync(Func<FirefoxReport, bool> done, TimeSpan timeout, string what)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Latest is { } report && done(report))
            {
                return report;
            }
            if (_firefox.HasExited)
            {
                throw new InvalidOperationException($"Firefox exited ({_firefox.ExitCode}) waiting for {what}; last report: {Latest}\n{Log()}");
            }
            await poll.WaitForNextTickAsync();
        }
        throw new TimeoutException($"Firefox {what}: still {Latest?.ToString() ?? "no report"} after {timeout.TotalSeconds:0} s\n{Log()}");
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            if (!_firefox.HasExited)
            {
                _firefox.Kill(entireProcessTree: true);
            }
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _firefox.WaitForExitAsync(exited.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it did not die in time: the profile is still removed below.
        }
        _bidi?.Abort();
        _bidi?.Dispose();
        _reports.Close();
        _firefox.Dispose();
        TryDelete(_profile);
        _stopping.Dispose();
    }

    private async Task ConnectAsync()
    {
        var bidiAddress = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = PumpAsync(_firefox.StandardOutput, null);
        _ = PumpAsync(_firefox.StandardError, bidiAddress);
        _ = ServeReportsAsync();

        using var timeout = new CancellationTokenSource(StartTimeout);
        Uri address;
        try
        {
            address = await bidiAddress.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Firefox did not open WebDriver BiDi within {StartTimeout.TotalSeconds:0} s\n{Log()}");
        }

        _bidi = new ClientWebSocket();
        try
        {
            await _bidi.ConnectAsync(new Uri(address, "/session"), timeout.Token);
            await CommandAsync("session.new", new JsonObject { ["capabilities"] = new JsonObject() }, timeout.Token);
            var tree = await CommandAsync("browsingContext.getTree", new JsonObject(), timeout.Token);
            _context = tree["contexts"]![0]!["context"]!.GetValue<string>();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Firefox's WebDriver BiDi session did not open within {StartTimeout.TotalSeconds:0} s\n{Log()}");
        }
    }

    private async Task<JsonNode> CommandAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var id = ++_nextCommand;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _bidi!.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        while (true)
        {
            var message = await ReceiveAsync(cancellationToken);
            if (message["id"]?.GetValue<int>() != id)
            {
                continue; // an event, or nothing we wait for
            }
            if (message["type"]?.GetValue<string>() == "error")
            {
                throw new InvalidOperationException($"BiDi {method}: {message.ToJsonString()}\n{Log()}");
            }
            return message["result"] ?? new JsonObject();
        }
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _bidi!.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"Firefox closed WebDriver BiDi\n{Log()}");
            }
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!;
    }

    private async Task PumpAsync(StreamReader output, TaskCompletionSource<Uri>? bidiAddress)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
            // "WebDriver BiDi listening on ws://127.0.0.1:PORT"
            var at = line.IndexOf("WebDriver BiDi listening on ", StringComparison.Ordinal);
            if (bidiAddress is not null && at >= 0 && Uri.TryCreate(line[(at + "WebDriver BiDi listening on ".Length)..].Trim(), UriKind.Absolute, out var address))
            {
                bidiAddress.TrySetResult(address);
            }
        }
        bidiAddress?.TrySetException(new InvalidOperationException($"Firefox ended before opening WebDriver BiDi\n{Log()}"));
    }

    private async Task ServeReportsAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext request;
            try
            {
                request = await _reports.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                using var reader = new StreamReader(request.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                if (JsonSerializer.Deserialize<FirefoxReport>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)) is { } report)
                {
                    Volatile.Write(ref _latest, report);
                }
            }
            catch (JsonException e)
            {
                lock (_log)
                {
                    _log.AppendLine($"unreadable report: {e.Message}");
                }
            }
            request.Response.StatusCode = 204;
            request.Response.Close();
        }
    }

    /// <summary>
    /// Runs in the listener page once it has loaded: keeps the connection the page makes (the SDK's user code creates it on
    /// Play), reports its getStats every second, and fills in the token, picks the language and presses Play.
    /// </summary>
    private static string PageScript(string token, string reportUrl) => $$"""
        (() => {
          const peers = [];
          const Native = window.RTCPeerConnection;
          window.RTCPeerConnection = class extends Native { constructor(...args) { super(...args); peers.push(this); } };
          const report = async () => {
            const r = { packets: 0, totalAudioEnergy: 0, audioLevel: 0, iceState: '', connectionState: '', selectedPair: '',
                        status: document.querySelector('#status')?.textContent ?? '' };
            for (const pc of peers) {
              r.iceState = pc.iceConnectionState;
              r.connectionState = pc.connectionState;
              const stats = await pc.getStats();
              stats.forEach((s) => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                  r.packets += s.packetsReceived || 0;
                  r.totalAudioEnergy += s.totalAudioEnergy || 0;
                  r.audioLevel = Math.max(r.audioLevel, s.audioLevel || 0);
                }
                if (s.type === 'candidate-pair' && (s.selected || s.nominated) && s.state === 'succeeded') {
                  const local = stats.get(s.localCandidateId), remote = stats.get(s.remoteCandidateId);
                  r.selectedPair = `${local?.address}:${local?.port} ${local?.candidateType} -> ${remote?.address}:${remote?.port} ${remote?.candidateType}`;
                }
              });
            }
            fetch({{JsonSerializer.Serialize(reportUrl)}}, { method: 'POST', mode: 'no-cors', body: JSON.stringify(r) }).catch(() => {});
          };
          setInterval(() => report().catch(() => {}), 1000);
          const token = document.querySelector('#token');
          token.value = {{JsonSerializer.Serialize(token)}};
          token.dispatchEvent(new Event('change'));
          const language = new URLSearchParams(location.search).get('language');
          const press = setInterval(() => {
            const play = document.querySelector('#play');
            const select = document.querySelector('#language');
            if (play.disabled || ![...select.options].some((o) => o.value === language)) return;
            clearInterval(press);
            select.value = language;
            play.click();
          }, 200);
        })()
        """;

    /// <summary>Autoplay allowed; updates, telemetry, safebrowsing, captive portal, connectivity checks, remote settings, normandy and push off or at a closed port.</summary>
    private static string UserJs(int closedPort)
    {
        var nowhere = $"http://127.0.0.1:{closedPort}/";
        var prefs = new Dictionary<string, object>
        {
            ["media.autoplay.default"] = 0,
            ["media.autoplay.blocking_policy"] = 0,
            ["media.navigator.permission.disabled"] = true,
            ["browser.shell.checkDefaultBrowser"] = false,
            ["browser.startup.homepage_override.mstone"] = "ignore",
            ["browser.aboutwelcome.enabled"] = false,
            ["datareporting.policy.dataSubmissionEnabled"] = false,
            ["datareporting.healthreport.uploadEnabled"] = false,
            ["toolkit.telemetry.enabled"] = false,
            ["toolkit.telemetry.unified"] = false,
            ["toolkit.telemetry.archive.enabled"] = false,
            ["toolkit.telemetry.server"] = nowhere,
            ["app.update.disabledForTesting"] = true,
            ["app.update.auto"] = false,
            ["app.update.url"] = nowhere,
            ["browser.safebrowsing.malware.enabled"] = false,
            ["browser.safebrowsing.phishing.enabled"] = false,
            ["browser.safebrowsing.downloads.enabled"] = false,
            ["browser.safebrowsing.blockedURIs.enabled"] = false,
            ["browser.safebrowsing.provider.google4.updateURL"] = nowhere,
            ["browser.safebrowsing.provider.google4.gethashURL"] = nowhere,
            ["browser.safebrowsing.provider.mozilla.updateURL"] = nowhere,
            ["network.captive-portal-service.enabled"] = false,
            ["captivedetect.canonicalURL"] = nowhere,
            ["network.connectivity-service.enabled"] = false,
            ["network.connectivity-service.IPv4.url"] = nowhere,
            ["network.connectivity-service.IPv6.url"] = nowhere,
            ["services.settings.server"] = nowhere,
            ["app.normandy.enabled"] = false,
            ["app.normandy.api_url"] = nowhere,
            ["app.shield.optoutstudies.enabled"] = false,
            ["dom.push.enabled"] = false,
            ["dom.push.connection.enabled"] = false,
            ["dom.push.serverURL"] = nowhere,
            ["extensions.update.enabled"] = false,
            ["extensions.getAddons.cache.enabled"] = false,
            ["extensions.systemAddon.update.url"] = nowhere,
            ["browser.newtabpage.enabled"] = false,
            ["browser.newtabpage.activity-stream.feeds.system.topstories"] = false,
            ["browser.newtabpage.activity-stream.feeds.section.topstories"] = false,
            ["browser.topsites.contile.enabled"] = false,
            ["browser.search.update"] = false,
            ["browser.region.network.url"] = nowhere,
            ["browser.ping-centre.telemetry"] = false,
            ["geo.provider.network.url"] = nowhere,
            ["network.dns.disablePrefetch"] = true,
            ["network.prefetch-next"] = false,
            ["network.predictor.enabled"] = false,
            ["security.OCSP.enabled"] = 0,
            ["security.remote_settings.crlite_filters.enabled"] = false,
            ["browser.crashReports.unsubmittedCheck.enabled"] = false,
            ["toolkit.startup.max_resumed_crashes"] = -1,
        };
        return string.Concat(prefs.Select(p => $"user_pref({JsonSerializer.Serialize(p.Key)}, {JsonSerializer.Serialize(p.Value)});\n"));
    }

    /// <summary>A new NSS database in the profile that trusts the CA for TLS servers ("C,,").</summary>
    private static async Task TrustAsync(string profile, string caCertificatePem)
    {
        var database = $"sql:{profile}";
        foreach (var args in new[]
        {
            new[] { "-N", "-d", database, "--empty-password" },
            ["-A", "-d", database, "-n", "BroadcastOperator test CA", "-t", "C,,", "-i", caCertificatePem],
        })
        {
            var result = await Tool.RunAsync("certutil", args);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"certutil {string.Join(' ', args)}: exit {result.ExitCode} {result.Stdout} {result.Stderr}");
            }
        }
    }

    private static void TryDelete(string directory)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200); // a child process still closing its files
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
