using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// Sends datagrams when they are due, from one background thread; datagrams due at the same time leave in the
/// order they were queued.
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly PriorityQueue<(Socket Socket, byte[] Datagram, EndPoint To), (long Due, long Order)> _queue = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _order;
    private bool _stopped;

    public DelayLine()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "netlab-delay-line" };
        _thread.Start();
    }

    public TimeSpan Now => _clock.Elapsed;

    public void Enqueue(Socket socket, byte[] datagram, EndPoint to, TimeSpan delay)
    {
        lock (_queue)
        {
            _queue.Enqueue((socket, datagram, to), ((_clock.Elapsed + delay).Ticks, _order++));
            Monitor.Pulse(_queue);
        }
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _stopped = true;
            Monitor.Pulse(_queue);
        }

        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            (Socket Socket, byte[] Datagram, EndPoint To) next;
            lock (_queue)
            {
                while (true)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    if (_queue.TryPeek(out _, out var key))
                    {
                        var wait = key.Due - _clock.Elapsed.Ticks;
                        if (wait <= 0)
                        {
                            next = _queue.Dequeue();
                            break;
                        }

                        Monitor.Wait(_queue, TimeSpan.FromTicks(Math.Max(wait, TimeSpan.TicksPerMillisecond / 4)));
                    }
                    else
                    {
                        Monitor.Wait(_queue);
                    }
                }
            }

            try
            {
                next.Socket.SendTo(next.Datagram, next.To);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // A closed mapping or an unreachable peer: the datagram is lost, as on a real link.
            }
        }
    }
}
