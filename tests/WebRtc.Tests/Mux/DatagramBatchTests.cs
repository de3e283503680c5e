using System.Net;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Mux;

namespace BroadcastOperator.WebRtc.Tests.Mux;

public class DatagramBatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Every_datagram_of_a_batch_reaches_its_own_address_and_the_batch_is_emptied(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        await using var mux = UdpMux.Bind(new IPEndPoint(address, 0));
        var receivers = Enumerable.Range(0, 5).Select(_ => Receiver(address)).ToList();
        var batch = new DatagramBatch(capacity: 8);

        for (var i = 0; i < receivers.Count; i++)
        {
            Add(batch, [(byte)i, 0xAB, (byte)(i * 3)], receivers[i].LocalEndPoint!);
        }

        Assert.Equal(receivers.Count, mux.Send(batch));
        Assert.Equal(0, batch.Count);
        for (var i = 0; i < receivers.Count; i++)
        {
            Assert.Equal([(byte)i, 0xAB, (byte)(i * 3)], await ReceiveAsync(receivers[i]));
        }

        receivers.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task A_datagram_the_kernel_refuses_is_skipped_and_the_rest_still_go()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var first = Receiver(IPAddress.Loopback);
        using var last = Receiver(IPAddress.Loopback);
        var batch = new DatagramBatch(capacity: 4);
        Add(batch, [1], first.LocalEndPoint!);
        Add(batch, [2], new IPEndPoint(IPAddress.Loopback, 0)); // port 0: EINVAL for this datagram alone
        Add(batch, [3], last.LocalEndPoint!);

        Assert.Equal(2, mux.Send(batch));
        Assert.Equal([1], await ReceiveAsync(first));
        Assert.Equal([3], await ReceiveAsync(last));
    }

    [Fact]
    public void A_full_batch_refuses_another_datagram_until_sent()
    {
        var batch = new DatagramBatch(capacity: 1);
        Add(batch, [1], new IPEndPoint(IPAddress.Loopback, 9));

        Assert.True(batch.IsFull);
        Assert.Throws<InvalidOperationException>(() => batch.NextSlot.Length);
    }

    private static void Add(DatagramBatch batch, byte[] payload, EndPoint destination)
    {
        payload.CopyTo(batch.NextSlot);
        batch.Commit(payload.Length, destination.Serialize());
    }

    private static Socket Receiver(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[64];
        using var deadline = new CancellationTokenSource(Timeout);
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return buffer[..length];
    }
}
