using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>N connected (server listener, client) pairs: servers share one port, each client has its own socket.</summary>
internal sealed class FanOutPairs : IAsyncDisposable
{
    public const uint StreamSsrc = 0x5EED5EED;
    public const byte OpusPayloadType = 111;
    private const int ConnectBatch = 16;
    private readonly List<(UdpMux Mux, AudioPeerConnection Peer)> _clients = [];
    private readonly List<AudioPeerConnection> _servers = [];

    public IReadOnlyList<AudioPeerConnection> Servers => _servers;

    public static async Task<FanOutPairs> ConnectAsync(UdpMux server, int count, CancellationToken cancellationToken)
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        var dtls = new DtlsSrtpOptions { PostHandshakeLinger = TimeSpan.FromSeconds(1) };
        var pairs = new FanOutPairs();
        for (var i = 0; i < count; i += ConnectBatch)
        {
            var batch = new List<(AudioPeerConnection Server, AudioPeerConnection Client)>();
            for (var j = i; j < Math.Min(count, i + ConnectBatch); j++)
            {
                var listener = new AudioPeerConnection(server, new PeerConnectionOptions
                {
                    Certificate = serverCertificate, Direction = MediaDirection.SendOnly, Dtls = dtls,
                });
                var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), socketBufferBytes: 256 << 10);
                var client = new AudioPeerConnection(mux, new PeerConnectionOptions
                {
                    Certificate = clientCertificate, Direction = MediaDirection.RecvOnly, IceLite = false, Dtls = dtls,
                });
                pairs._servers.Add(listener);
                pairs._clients.Add((mux, client));
                client.SetRemoteAnswer(listener.AcceptOffer(client.CreateOffer()));
                batch.Add((listener, client));
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!batch.All(p => p.Server.State == PeerConnectionState.Connected && p.Client.State == PeerConnectionState.Connected))
            {
                if (DateTime.UtcNow > deadline || batch.Any(p => p.Server.State == PeerConnectionState.Failed))
                {
                    throw new TimeoutException($"Listener pairs {i}..{i + batch.Count} did not connect: {string.Join(", ", batch.Select(p => p.Server.FailureReason ?? p.Server.State.ToString()))}");
                }

                await Task.Delay(10, cancellationToken);
            }
        }

        return pairs;
    }

    /// <summary>Waits until the clients' received count stops growing (or reaches <paramref name="expected"/>).</summary>
    public async Task<long> WaitForDeliveryAsync(long expected, CancellationToken cancellationToken)
    {
        long last = -1;
        var total = Received();
        while (total < expected && total != last)
        {
            last = total;
            await Task.Delay(300, cancellationToken);
            total = Received();
        }

        return total;
    }

    public async Task DisposeClientsAsync()
    {
        foreach (var (mux, peer) in _clients)
        {
            await peer.DisposeAsync();
            await mux.DisposeAsync();
        }

        _clients.Clear();
    }

    public async Task DisposeServersAsync()
    {
        foreach (var peer in _servers)
        {
            await peer.DisposeAsync();
        }

        _servers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeClientsAsync();
        await DisposeServersAsync();
    }

    private long Received() => _clients.Sum(c => c.Peer.PacketsReceived);
}
