using BroadcastOperator.Benchmarks.MediaWorker;
using BroadcastOperator.Benchmarks.WebRtc;
using BroadcastOperator.TestSupport.NetLab;
using Microsoft.Playwright;

namespace BroadcastOperator.Benchmarks.Network;

/// <summary>
/// Issue 14 part 4: a Chromium listener on the real listener page (official KVS SDK) whose media path goes through the
/// network lab's relay (<see cref="BrowserRelayPath"/>), against the real worker process, SessionApi and signaling; our
/// own speaker streams a tone. The relay is cut for 5 s and restored, RECONNECT_RUNS times (default 3) on the same page:
/// `network_reconnect_s` is the median time from the restore to the first new audio energy at the listener, without a
/// reload (the page restarts ICE over its signaling channel; the worker keeps the DTLS association). Then the same
/// with the path restored through new NAT mappings (a network change), `network_reconnect_remap_s`: there the worker's
/// old address for the page is dead and only the restarted ICE's checks find the new one. Skipped with a note where
/// Chromium is not installed.
/// </summary>
public sealed class NetworkReconnectSuite : IBenchSuite
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Language = "en";
    private static readonly TimeSpan CutFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    public string Name => "network-reconnect";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        if (!File.Exists(Chromium) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "js", "listener.bundle.js")))
        {
            report.Note($"network-reconnect: skipped ({Chromium} or the pages' bundle (make pages) missing)");
            return;
        }

        var runs = int.TryParse(Environment.GetEnvironmentVariable("RECONNECT_RUNS"), out var n) && n > 0 ? n : 3;
        await using var world = await WorkerWorld.StartAsync();
        var session = await world.NewSessionAsync(Language, ["es"], maxListeners: 10, translate: false);
        await BenchSessionApi.ProvisionAsync(world, session);
        await using var api = await BenchSessionApi.StartAsync(world, session);
        await using var worker = WorkerProcess.Start(world, session);
        await worker.WaitReadyAsync(Within, cancellationToken);
        await using var speaker = await WorkerBenchSuite.ConnectSpeakerAsync(session, worker, cancellationToken);
        using var stopSpeaking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speaking = Task.Factory.StartNew(() => Speak(speaker, stopSpeaking.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--allow-loopback-in-peer-connection",
                    "--disable-features=WebRtcHideLocalIpsWithMdns", "--ignore-certificate-errors", "--autoplay-policy=no-user-gesture-required",
                ],
            });
            var page = await browser.NewPageAsync();
            using var path = await BrowserRelayPath.InstallAsync(page);
            await page.GotoAsync(new Uri(api.Http.BaseAddress!, $"listener.html?session={session.Name}&language={Language}").ToString());
            await page.WaitForFunctionAsync("() => !document.querySelector('#play').disabled", null, new() { Timeout = (float)Within.TotalMilliseconds });
            await page.ClickAsync("#play");
            await page.WaitForFunctionAsync("() => document.querySelector('#status').textContent.includes('Playing.')", null,
                new() { Timeout = (float)Within.TotalMilliseconds });
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // settled: ICE nominated, playout steady

            foreach (var (figure, remap) in new[] { ("network_reconnect", false), ("network_reconnect_remap", true) })
            {
                var seconds = new List<double>();
                for (var run = 1; run <= runs; run++)
                {
                    var result = await BrowserReconnectRun.CutAndRestoreAsync(page, path, CutFor, Within, remap, cancellationToken);
                    report.Note($"{figure} run {run}: cut {CutFor.TotalSeconds:0} s{(remap ? ", restored through a new NAT mapping" : "")}, {result}");
                    if (result.RestoreToAudio is { } audio)
                    {
                        seconds.Add(audio.TotalSeconds);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // steady again before the next cut
                }

                report.Note($"{figure}: {seconds.Count} of {runs} runs heard audio again; budget <= 3 s from the restore");
                if (seconds.Count > 0)
                {
                    report.Figure($"{figure}_s", BenchStatistics.Percentile(seconds, 0.5), "s");
                    report.Figure($"{figure}_max_s", seconds.Max(), "s");
                }
            }
        }
        finally
        {
            await stopSpeaking.CancelAsync();
            await speaking;
        }
    }

    private static void Speak(BenchSpeaker speaker, CancellationToken cancellationToken)
    {
        var opus = FanOutOpusFrames.Tone(50);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            speaker.Send(opus[i % opus.Length]);
            BenchStatistics.SleepUntil(clock, TimeSpan.FromMilliseconds(20) * (i + 1));
        }
    }
}
