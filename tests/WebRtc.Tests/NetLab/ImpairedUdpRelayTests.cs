using System.Net;
using System.Net.Sockets;
using BroadcastOperator.TestSupport.NetLab;

namespace BroadcastOperator.WebRtc.Tests.NetLab;

/// <summary>The relay on loopback, and in a network namespace where it is the only way out.</summary>
public sealed class ImpairedUdpRelayTests : IDisposable
{
    private readonly Socket _server = Bound(IPAddress.Loopback);
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _server.Dispose();
    }

    [Fact]
    public async Task The_server_sees_the_relays_address_and_answers_reach_the_client_through_it()
    {
        using var relay = new ImpairedUdpRelay(new IPEndPoint(IPAddress.Loopback, 0), ServerEndPoint, Impairment.None, Impairment.None);
        using var client = Bound(IPAddress.Loopback);

        await client.SendToAsync(new byte[] { 1, 2, 3 }, relay.InsideEndPoint);
        var (seenFrom, payload) = await ReceiveAsync(_server);

        Assert.Equal([1, 2, 3], payload);
        Assert.NotEqual(client.LocalEndPoint, seenFrom);
        Assert.Equal(relay.OutsideEndPoints.Single(), seenFrom);

        await _server.SendToAsync(new byte[] { 4 }, seenFrom);
        var (answerFrom, answer) = await ReceiveAsync(client);
        Assert.Equal([4], answer);
        Assert.Equal(relay.InsideEndPoint, answerFrom);
    }

    [Fact]
    public async Task Loss_toward_the_server_drops_what_its_seeded_schedule_says()
    {
        var impairment = new Impairment { LossPercent = 10, Seed = 21 };
        using var relay = new ImpairedUdpRelay(new IPEndPoint(IPAddress.Loopback, 0), ServerEndPoint, impairment, Impairment.None);
        using var client = Bound(IPAddress.Loopback);
        var schedule = new ImpairmentSchedule(impairment);
        var expected = Enumerable.Range(0, 500).Count(_ => schedule.Decide(4, TimeSpan.Zero).Count == 1);

        for (var i = 0; i < 500; i++)
        {
            await client.SendToAsync(BitConverter.GetBytes(i), relay.InsideEndPoint);
        }

        var received = 0;
        await Eventually.TrueAsync(() =>
        {
            while (_server.Available > 0)
            {
                _server.Receive(new byte[64]);
                received++;
            }

            return received >= expected && relay.TowardServer.Received == 500;
        }, $"{expected} of 500 datagrams at the server");
        Assert.Equal(500 - expected, relay.TowardServer.Dropped);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task After_a_remap_the_same_client_arrives_from_a_new_port_and_a_cut_link_carries_nothing()
    {
        using var relay = new ImpairedUdpRelay(new IPEndPoint(IPAddress.Loopback, 0), ServerEndPoint, Impairment.None, Impairment.None);
        using var client = Bound(IPAddress.Loopback);

        await client.SendToAsync(new byte[] { 1 }, relay.InsideEndPoint);
        var (before, _) = await ReceiveAsync(_server);
        relay.Remap();
        await client.SendToAsync(new byte[] { 2 }, relay.InsideEndPoint);
        var (after, _) = await ReceiveAsync(_server);

        Assert.NotEqual(before, after);

        relay.Cut = true;
        await client.SendToAsync(new byte[] { 3 }, relay.InsideEndPoint);
        await Eventually.TrueAsync(() => relay.TowardServer.Dropped == 1, "the datagram sent while cut is dropped");
        relay.Cut = false;
        await client.SendToAsync(new byte[] { 4 }, relay.InsideEndPoint);
        var (_, payload) = await ReceiveAsync(_server);
        Assert.Equal([4], payload); // 3 never arrived
    }

    [SkippableFact]
    public async Task A_client_in_a_namespace_reaches_a_loopback_server_only_through_the_relay()
    {
        var why = NetworkNamespace.WhyUnavailable();
        Skip.If(why is not null, why);
        var remote = Own(NetworkNamespace.Create());
        using var relay = new ImpairedUdpRelay(new IPEndPoint(remote.HostAddress, 0), ServerEndPoint, Impairment.None, Impairment.None);
        using var client = remote.Run(() => Bound(remote.InsideAddress));

        await client.SendToAsync(new byte[] { 9 }, ServerEndPoint); // the namespace's 127.0.0.1 is its own
        await client.SendToAsync(new byte[] { 1 }, relay.InsideEndPoint);
        var (from, payload) = await ReceiveAsync(_server);

        Assert.Equal([1], payload);
        Assert.Equal(relay.OutsideEndPoints.Single(), from);
        Assert.Equal(0, _server.Available);
    }

    [SkippableFact]
    public void A_namespace_is_gone_after_dispose()
    {
        var why = NetworkNamespace.WhyUnavailable();
        Skip.If(why is not null, why);
        var remote = NetworkNamespace.Create();
        Assert.True(File.Exists($"/var/run/netns/{remote.Name}"));

        remote.Dispose();

        Assert.False(File.Exists($"/var/run/netns/{remote.Name}"));
    }

    private IPEndPoint ServerEndPoint => (IPEndPoint)_server.LocalEndPoint!;

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static async Task<(EndPoint From, byte[] Payload)> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (result.RemoteEndPoint, buffer.AsSpan(0, result.ReceivedBytes).ToArray());
    }
}
