using System.Collections.Concurrent;
using System.Net;
using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The fan-out against real listeners of our own client over loopback, on one port as in the worker.</summary>
public sealed class LanguageFanOutTests : IAsyncLifetime
{
    private const int ListenerCount = 7;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly List<(UdpMux Mux, AudioPeerConnection Peer)> _clients = [];
    private readonly List<AudioPeerConnection> _servers = [];
    private readonly ConcurrentDictionary<int, byte[]> _lastPayload = new();
    private UdpMux _port = null!;

    public async Task InitializeAsync()
    {
        _port = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), receiveMode: MuxReceiveMode.DedicatedThread);
        for (var i = 0; i < ListenerCount; i++)
        {
            var index = i;
            var server = new AudioPeerConnection(_port, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendOnly });
            var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var client = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = Certificate, IceLite = false, Direction = MediaDirection.RecvOnly });
            client.AudioReceived += (in WebRtc.Rtp.RtpHeader _, ReadOnlySpan<byte> payload) => _lastPayload[index] = payload.ToArray();
            client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
            _servers.Add(server);
            _clients.Add((mux, client));
        }

        await Eventually.TrueAsync(() => _servers.All(s => s.State == PeerConnectionState.Connected), "every listener connected", Within);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (var (mux, client) in _clients)
        {
            await client.DisposeAsync();
            await mux.DisposeAsync();
        }

        await _port.DisposeAsync();
    }

    [Fact]
    public void Joining_and_leaving_listeners_are_told_so_the_frame_clock_knows_whether_anyone_listens()
    {
        using var fanOut = new LanguageFanOut("es", ssrc: 1234);
        var counts = new List<int>();
        fanOut.CountChanged += counts.Add;

        fanOut.Add(_servers[0]);
        fanOut.Add(_servers[1]);
        fanOut.Remove(_servers[0]);
        fanOut.Remove(_servers[0]); // gone already: nothing changed, nothing told
        fanOut.Remove(_servers[1]);

        Assert.Equal([1, 2, 1, 0], counts);
    }

    [Theory]
    [InlineData(1)] // the calling thread alone
    [InlineData(3)] // shards of 3, 3 and 1 listeners on three threads at once
    public async Task Every_listener_gets_each_frame_whether_sent_on_one_thread_or_in_shards(int shards)
    {
        using var fanOut = new LanguageFanOut("en", ssrc: 7, maxShards: shards, minListenersPerShard: 2);
        _servers.ForEach(fanOut.Add);

        await Eventually.TrueAsync(
            () =>
            {
                fanOut.Send([0xFC, 1, 2, 3]);
                return _lastPayload.Count == ListenerCount;
            },
            "a frame reached all listeners",
            Within);

        Assert.All(_lastPayload.Values, payload => Assert.Equal([0xFC, 1, 2, 3], payload));
        Assert.True(fanOut.PacketsSent >= ListenerCount, $"counted {fanOut.PacketsSent} packets sent");
        Assert.Equal(0, fanOut.SendFailures);
    }

    [Fact]
    public async Task A_disposed_fan_out_still_sends_a_late_frame_on_the_calling_thread()
    {
        var fanOut = new LanguageFanOut("en", ssrc: 7, maxShards: 3, minListenersPerShard: 2);
        _servers.ForEach(fanOut.Add);
        fanOut.Send([0xFC]); // starts the shard threads
        fanOut.Dispose();

        await Eventually.TrueAsync(
            () =>
            {
                fanOut.Send([0xFC, 9]);
                return _lastPayload.Count == ListenerCount && _lastPayload.Values.All(p => p.AsSpan().SequenceEqual(new byte[] { 0xFC, 9 }));
            },
            "the late frame reached all listeners",
            Within);
    }
}
