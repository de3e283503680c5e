using System.Diagnostics;
using Microsoft.Playwright;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>What a page showed and received across one cut of its path.</summary>
/// <param name="RestoreToAudio">From the restore to the first sample with new packets and new audio energy; null if none came.</param>
/// <param name="RestoreToConnected">From the restore to ICE connected again; null if it never was.</param>
/// <param name="Statuses">The page's status line as it changed, in order, from the cut on.</param>
public sealed record BrowserReconnectResult(TimeSpan? RestoreToAudio, TimeSpan? RestoreToConnected, IReadOnlyList<string> Statuses, string IceStates)
{
    public bool ShowedReconnecting => Statuses.Any(s => s.StartsWith("Reconnecting", StringComparison.Ordinal));

    public string FinalStatus => Statuses.Count > 0 ? Statuses[^1] : string.Empty;

    public override string ToString() =>
        $"audio {Seconds(RestoreToAudio)} and ICE {Seconds(RestoreToConnected)} after the restore; status: {string.Join(" → ", Statuses)}; ICE now {IceStates}";

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.00} s" : "never";
}

/// <summary>
/// Cuts a page's relayed path (<see cref="BrowserRelayPath"/>) for a while, restores it, and watches the page recover,
/// sampling getStats() and the status line every 100 ms. The page must keep its RTCPeerConnections in
/// <c>window.__peers</c> (the relay path's init script does) and its status in <c>#status</c>.
/// </summary>
public static class BrowserReconnectRun
{
    private const string SampleScript = """
        async () => {
          const sample = { packets: 0, energy: 0, connected: false, ice: [], status: document.getElementById('status')?.textContent ?? '' };
          for (const peer of window.__peers) {
            sample.ice.push(peer.iceConnectionState);
            if (peer.connectionState === 'closed') continue;
            if (['connected', 'completed'].includes(peer.iceConnectionState)) sample.connected = true;
            try {
              (await peer.getStats()).forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio') { sample.packets += s.packetsReceived || 0; sample.energy += s.totalAudioEnergy || 0; }
              });
            } catch { }
          }
          sample.ice = sample.ice.join(',');
          return sample;
        }
        """;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    /// <param name="remap">Restore through new outside ports (a network change): the worker's old address for the page is dead.</param>
    public static async Task<BrowserReconnectResult> CutAndRestoreAsync(IPage page, BrowserRelayPath path, TimeSpan cut, TimeSpan within,
        bool remap = false, CancellationToken cancellationToken = default)
    {
        var statuses = new List<string>();
        var last = await SampleAsync(page, statuses);
        path.Cut = true;
        var cutClock = Stopwatch.StartNew();
        while (cutClock.Elapsed < cut)
        {
            await Task.Delay(SampleEvery, cancellationToken);
            last = await SampleAsync(page, statuses);
        }

        if (remap)
        {
            path.Remap();
        }

        path.Cut = false;
        var restored = Stopwatch.StartNew();
        TimeSpan? audio = null, connected = null;
        while (restored.Elapsed < within && (audio is null || connected is null || statuses[^1].StartsWith("Reconnecting", StringComparison.Ordinal)))
        {
            await Task.Delay(SampleEvery, cancellationToken);
            var now = await SampleAsync(page, statuses);
            connected ??= now.Connected ? restored.Elapsed : null;
            // A fresh connection starts its counters at zero: any rise over the previous sample counts, whichever peer it is.
            if (audio is null && now.Packets > last.Packets && now.Energy > last.Energy)
            {
                audio = restored.Elapsed;
            }

            last = now;
        }

        return new BrowserReconnectResult(audio, connected, statuses, last.Ice);
    }

    private static async Task<Sample> SampleAsync(IPage page, List<string> statuses)
    {
        var sample = await page.EvaluateAsync<Sample>(SampleScript);
        if (statuses.Count == 0 || statuses[^1] != sample.Status)
        {
            statuses.Add(sample.Status);
        }

        return sample;
    }

    private sealed class Sample
    {
        public long Packets { get; set; }

        public double Energy { get; set; }

        public bool Connected { get; set; }

        public string Ice { get; set; } = "";

        public string Status { get; set; } = "";
    }
}
