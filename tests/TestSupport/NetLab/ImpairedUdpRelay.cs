using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>Datagrams one direction of a relay saw, lost and delivered (duplicates count twice).</summary>
public sealed class RelayCounters
{
    private long _received;
    private long _dropped;
    private long _delivered;

    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Delivered => Interlocked.Read(ref _delivered);

    internal void Count(int copies)
    {
        Interlocked.Increment(ref _received);
        if (copies == 0)
        {
            Interlocked.Increment(ref _dropped);
        }

        Interlocked.Add(ref _delivered, copies);
    }

    public override string ToString() => $"received {Received}, dropped {Dropped}, delivered {Delivered}";
}

/// <summary>
/// A user-space UDP relay between "inside" clients and one server, acting as a NAT: each inside address gets its
/// own outside port (a new mapping after <see cref="Remap"/>, as when a phone changes network), so the server sees
/// the relay's address, never the client's. Each direction is impaired by its own seeded
/// <see cref="ImpairmentSchedule"/>. It binds only where it is told (loopback, or a namespace link's address) and
/// sends only to its server and to clients that wrote to it.
/// </summary>
public sealed class ImpairedUdpRelay : IDisposable
{
    private const int SocketBufferBytes = 4 << 20; // the relay's own losses must be the schedule's, not a full socket's
    private readonly Socket _inside;
    private readonly IPEndPoint _server;
    private readonly IPAddress _outsideAddress;
    private readonly ImpairmentSchedule _up;
    private readonly ImpairmentSchedule _down;
    private readonly DelayLine _line = new();
    private readonly ConcurrentDictionary<IPEndPoint, Mapping> _mappings = new();
    private readonly List<Thread> _threads = [];
    private volatile bool _disposed;

    /// <param name="insideBind">Where inside clients send to (port 0: any free port).</param>
    /// <param name="server">Where their datagrams go.</param>
    /// <param name="towardServer">What happens to datagrams from clients to the server.</param>
    /// <param name="towardClients">What happens to datagrams from the server to clients.</param>
    /// <param name="outsideAddress">The address outside ports are bound on; loopback when null.</param>
    public ImpairedUdpRelay(IPEndPoint insideBind, IPEndPoint server, Impairment towardServer, Impairment towardClients, IPAddress? outsideAddress = null)
    {
        _server = server;
        _outsideAddress = outsideAddress ?? IPAddress.Loopback;
        _up = new ImpairmentSchedule(towardServer);
        _down = new ImpairmentSchedule(towardClients);
        _inside = new Socket(insideBind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = SocketBufferBytes };
        _inside.Bind(insideBind);
        InsideEndPoint = (IPEndPoint)_inside.LocalEndPoint!;
        StartReceiving(_inside, "netlab-inside", OnFromInside);
    }

    /// <summary>The address inside clients use for the server.</summary>
    public IPEndPoint InsideEndPoint { get; }

    public RelayCounters TowardServer { get; } = new();

    public RelayCounters TowardClients { get; } = new();

    /// <summary>While false datagrams pass untouched (and unscheduled): a test connects first, then impairs.</summary>
    public bool Impaired { get; set; } = true;

    /// <summary>While true the link is down: everything both ways is dropped (and counted as dropped).</summary>
    public bool Cut { get; set; }

    /// <summary>The outside endpoints in use: what the server sees as the clients' addresses.</summary>
    public IReadOnlyList<IPEndPoint> OutsideEndPoints => _mappings.Values.Select(m => m.OutsideEndPoint).ToList();

    /// <summary>Forgets every mapping: each client's next datagram leaves from a new outside port.</summary>
    public void Remap()
    {
        foreach (var key in _mappings.Keys)
        {
            if (_mappings.TryRemove(key, out var mapping))
            {
                mapping.Socket.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _inside.Dispose();
        Remap();
        _line.Dispose();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void OnFromInside(byte[] datagram, IPEndPoint from)
    {
        var mapping = _mappings.GetOrAdd(from, OpenMapping);
        Forward(_up, TowardServer, mapping.Socket, datagram, _server);
    }

    private Mapping OpenMapping(IPEndPoint client)
    {
        var socket = new Socket(_outsideAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = SocketBufferBytes };
        socket.Bind(new IPEndPoint(_outsideAddress, 0));
        var mapping = new Mapping(socket, (IPEndPoint)socket.LocalEndPoint!);
        StartReceiving(socket, "netlab-outside", (datagram, from) =>
        {
            if (from.Equals(_server))
            {
                Forward(_down, TowardClients, _inside, datagram, client); // endpoint-dependent filtering: only the server gets back in
            }
        });
        return mapping;
    }

    private void Forward(ImpairmentSchedule schedule, RelayCounters counters, Socket from, byte[] datagram, IPEndPoint to)
    {
        IReadOnlyList<TimeSpan> delays = [TimeSpan.Zero];
        if (Impaired)
        {
            lock (schedule)
            {
                delays = schedule.Decide(datagram.Length, _line.Now);
            }
        }

        if (Cut)
        {
            delays = [];
        }

        counters.Count(delays.Count);
        foreach (var delay in delays)
        {
            _line.Enqueue(from, datagram, to, delay);
        }
    }

    private void StartReceiving(Socket socket, string name, Action<byte[], IPEndPoint> onDatagram)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[65536];
            EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (!_disposed)
            {
                try
                {
                    var length = socket.ReceiveFrom(buffer, ref any);
                    onDatagram(buffer.AsSpan(0, length).ToArray(), (IPEndPoint)any);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // An ICMP error for an earlier send, or an oversized datagram: keep relaying.
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return; // closed: by Remap or Dispose
                }
            }
        })
        { IsBackground = true, Name = name };
        lock (_threads)
        {
            _threads.RemoveAll(t => !t.IsAlive);
            _threads.Add(thread);
        }

        thread.Start();
    }

    private sealed record Mapping(Socket Socket, IPEndPoint OutsideEndPoint);
}
