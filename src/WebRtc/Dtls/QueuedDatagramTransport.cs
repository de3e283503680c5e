using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's datagram transport over our plumbing: sends go to a <see cref="DatagramSend"/>,
/// receives come from a bounded queue the caller (the UDP demultiplexer) feeds. A receive blocks on
/// the queue with BouncyCastle's timeout (0 means "no timeout", as with sockets); closing cancels
/// the wait at once, so nothing spins.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    /// <summary>Largest datagram accepted from the network.</summary>
    public const int ReceiveLimit = 1500;

    /// <summary>Largest datagram we send: fits any path MTU WebRTC meets (TURN, IPv6, VPN).</summary>
    public const int SendLimit = 1200;

    private readonly DatagramSend _send;
    private readonly BlockingCollection<byte[]> _inbox;
    private readonly CancellationTokenSource _closed = new();

    public QueuedDatagramTransport(DatagramSend send, int queueCapacity)
    {
        _send = send;
        _inbox = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>(), queueCapacity);
    }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Queues a received datagram; false when closed, oversized or the queue is full (dropped, as UDP would).</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (IsClosed || datagram.IsEmpty || datagram.Length > ReceiveLimit)
        {
            return false;
        }

        try
        {
            return _inbox.TryAdd(datagram.ToArray());
        }
        catch (InvalidOperationException)
        {
            return false; // completed by Close on another thread
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        byte[]? datagram;
        try
        {
            if (!_inbox.TryTake(out datagram, waitMillis > 0 ? waitMillis : Timeout.Infinite, _closed.Token))
            {
                return -1; // timed out: BouncyCastle retransmits or gives up
            }
        }
        catch (OperationCanceledException)
        {
            throw new DtlsTransportClosedException();
        }
        catch (ObjectDisposedException)
        {
            throw new DtlsTransportClosedException();
        }

        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!IsClosed)
        {
            _send(buffer);
        }
    }

    /// <summary>Ends any pending or future receive; safe to call more than once, from any thread.</summary>
    public void Close()
    {
        if (!IsClosed)
        {
            _closed.Cancel();
        }
    }
}
