using System.Net;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>
/// A UDP socket on 127.0.0.1 standing in for the worker's mux: datagrams received go to one DTLS
/// transport, and that transport's sends go to the given peer or else to whoever spoke last.
/// </summary>
internal sealed class LoopbackUdpBridge : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private IPEndPoint? _peer;

    /// <param name="peer">Where to send before anyone has spoken (when we are the DTLS client).</param>
    public LoopbackUdpBridge(IPEndPoint? peer = null) => _peer = peer;

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (Volatile.Read(ref _peer) is { } peer)
        {
            _socket.Send(datagram, peer);
        }
    }

    public void Start(DtlsSrtpTransport transport) => _ = Task.Run(async () =>
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(_stop.Token);
                Volatile.Write(ref _peer, received.RemoteEndPoint);
                transport.TryEnqueueDatagram(received.Buffer);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    });

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
