using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.WebRtc.Tests.Support;

/// <summary>
/// A man in the middle on loopback: forwards datagrams between a client and a server and lets the
/// test rewrite what goes to the server (duplicate it, tamper with it). The server sees the relay's
/// address as the client's.
/// </summary>
internal sealed class UdpRelay : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly Func<byte[], IEnumerable<byte[]>> _towardServer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private IPEndPoint? _client;

    public UdpRelay(IPEndPoint server, Func<byte[], IEnumerable<byte[]>> towardServer)
    {
        _server = server;
        _towardServer = towardServer;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var from = (IPEndPoint)result.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            if (from.Equals(_server))
            {
                if (_client is not null)
                {
                    await _socket.SendToAsync(datagram, _client);
                }

                continue;
            }

            _client = from;
            foreach (var outgoing in _towardServer(datagram))
            {
                await _socket.SendToAsync(outgoing, _server);
            }
        }
    }
}
