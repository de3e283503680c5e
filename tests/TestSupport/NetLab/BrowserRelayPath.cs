using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// Puts a browser page's WebRTC media through an <see cref="ImpairedUdpRelay"/>: an init script rewrites the
/// remote (worker's) loopback host candidate of every description the page applies to the relay's address, asking
/// this class for a relay per worker address, and drops the other candidates. The worker is ICE-lite and never
/// checks toward the page, so every packet both ways crosses the relay, as through a NAT the test owns; the page
/// cannot tell. Install before the page loads.
/// </summary>
public sealed class BrowserRelayPath : IDisposable
{
    private const string InitScript = """
        (() => {
          window.__peers ??= [];
          const Native = window.RTCPeerConnection;
          if (!Native.__relayed) {
            window.RTCPeerConnection = class extends Native {
              constructor(...args) { super(...args); window.__peers.push(this); }
            };
            window.RTCPeerConnection.__relayed = true;
          }
          const apply = Native.prototype.setRemoteDescription;
          Native.prototype.setRemoteDescription = async function (description) {
            if (description?.sdp) {
              const lines = [];
              for (const line of description.sdp.split('\r\n')) {
                const c = /^a=candidate:(\S+) (\d+) udp (\d+) (\S+) (\d+) typ host(.*)$/i.exec(line);
                if (!c) { lines.push(line); continue; }
                if (c[2] !== '1' || !c[4].startsWith('127.')) continue; // only the loopback candidate, and only through the relay
                const port = await window.__relayTo(c[4], Number(c[5]));
                lines.push(`a=candidate:${c[1]} 1 udp ${c[3]} 127.0.0.1 ${port} typ host${c[6]}`);
              }
              description = { type: description.type, sdp: lines.join('\r\n') };
            }
            return apply.call(this, description);
          };
        })();
        """;

    private readonly ConcurrentDictionary<IPEndPoint, ImpairedUdpRelay> _relays = new();

    private BrowserRelayPath()
    {
    }

    /// <summary>The relays made so far, one per worker address the page was answered from.</summary>
    public IReadOnlyCollection<ImpairedUdpRelay> Relays => _relays.Values.ToList();

    /// <summary>Cuts or restores every relay's path at once.</summary>
    public bool Cut
    {
        set
        {
            foreach (var relay in _relays.Values)
            {
                relay.Cut = value;
            }
        }
    }

    /// <summary>Every relay forgets its mappings: the page's next datagrams leave from new outside ports, as after a network change.</summary>
    public void Remap()
    {
        foreach (var relay in _relays.Values)
        {
            relay.Remap();
        }
    }

    public static async Task<BrowserRelayPath> InstallAsync(IPage page)
    {
        var path = new BrowserRelayPath();
        await page.ExposeFunctionAsync<string, int, int>("__relayTo", (host, port) => path.RelayTo(new IPEndPoint(IPAddress.Parse(host), port)));
        await page.AddInitScriptAsync(InitScript);
        return path;
    }

    public void Dispose()
    {
        foreach (var relay in _relays.Values)
        {
            relay.Dispose();
        }
    }

    private int RelayTo(IPEndPoint worker) =>
        _relays.GetOrAdd(worker, w => new ImpairedUdpRelay(new IPEndPoint(IPAddress.Loopback, 0), w, Impairment.None, Impairment.None) { Impaired = false })
            .InsideEndPoint.Port;
}
