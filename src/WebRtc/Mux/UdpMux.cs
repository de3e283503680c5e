using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Mux;

/// <summary>
/// One UDP socket shared by many peers. Datagrams are sorted by first byte (RFC 7983) and routed
/// by source address; an address becomes known only when a STUN check from it names a registered
/// local ufrag and that peer accepts it. Everything else from an unknown address is dropped, so a
/// spoofed DTLS or RTP packet can neither reach a peer nor move its selected endpoint.
/// </summary>
public sealed class UdpMux : IAsyncDisposable
{
    private const int MaxDatagram = 1500;
    // Only a fallback should the wake-up datagram of DisposeAsync be lost: an idle port wakes its thread this often.
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromSeconds(5);
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<string, IMuxPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPEndPoint, IMuxPeer> _byEndPoint = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private readonly MuxReceiveMode _receiveMode;

    private UdpMux(Socket socket, IPEndPoint? advertised, MuxReceiveMode receiveMode)
    {
        _socket = socket;
        _receiveMode = receiveMode;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        AdvertisedEndPoint = advertised is null ? null : new IPEndPoint(advertised.Address, advertised.Port == 0 ? LocalEndPoint.Port : advertised.Port);
        _receiveLoop = receiveMode == MuxReceiveMode.DedicatedThread ? StartReceiveThread() : Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The only candidate to advertise when peers reach the socket through another address (a node port, a load balancer).</summary>
    public IPEndPoint? AdvertisedEndPoint { get; }

    public MuxCounters Counters { get; } = new();

    /// <summary>
    /// Addresses to advertise as host candidates: the advertised end point when set, else the bound
    /// address, or when bound to "any" every up interface's unicast address of the same family (a
    /// pod's IP, say), loopback last.
    /// </summary>
    public IReadOnlyList<IPEndPoint> HostEndPoints()
    {
        if (AdvertisedEndPoint is not null)
        {
            return [AdvertisedEndPoint];
        }
        if (!LocalEndPoint.Address.Equals(IPAddress.Any) && !LocalEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            return [LocalEndPoint];
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == LocalEndPoint.AddressFamily && !a.IsIPv6LinkLocal)
            .OrderBy(IPAddress.IsLoopback)
            .Select(a => new IPEndPoint(a, LocalEndPoint.Port))
            .ToList();
    }

    /// <summary>Binds a UDP socket (port 0 = any free port) and starts receiving; <paramref name="advertised"/> (port 0 = the bound port) replaces the host candidates.</summary>
    public static UdpMux Bind(IPEndPoint endPoint, int socketBufferBytes = 4 << 20, IPEndPoint? advertised = null, MuxReceiveMode receiveMode = MuxReceiveMode.ThreadPool)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = socketBufferBytes;
            socket.SendBufferSize = socketBufferBytes;
            if (receiveMode == MuxReceiveMode.DedicatedThread)
            {
                // DisposeAsync wakes the blocking receive with a datagram to itself; the timeout is the fallback.
                socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
            }

            socket.Bind(endPoint);
            return new UdpMux(socket, advertised, receiveMode);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Routes checks whose USERNAME starts with <see cref="IMuxPeer.LocalUfrag"/> to <paramref name="peer"/>.</summary>
    public void Register(IMuxPeer peer)
    {
        if (!_byUfrag.TryAdd(peer.LocalUfrag, peer))
        {
            throw new InvalidOperationException($"ICE ufrag '{peer.LocalUfrag}' is already registered on this port.");
        }
    }

    /// <summary>After the peer's ICE restart: checks with its new ufrag reach it, its old one no longer does.</summary>
    public void Reregister(IMuxPeer peer, string previousUfrag)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IMuxPeer>(previousUfrag, peer));
        Register(peer);
    }

    /// <summary>Forgets the peer and every address routed to it.</summary>
    public void Unregister(IMuxPeer peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IMuxPeer>(peer.LocalUfrag, peer));
        foreach (var (endPoint, owner) in _byEndPoint)
        {
            if (ReferenceEquals(owner, peer))
            {
                _byEndPoint.TryRemove(endPoint, out _);
            }
        }
    }

    /// <summary>
    /// Routes an address to a peer before any check from it: only for a controlling client, which
    /// sends checks to a candidate it learned through signaling and must receive the answers.
    /// </summary>
    public void Route(IPEndPoint endPoint, IMuxPeer peer) => _byEndPoint[endPoint] = peer;

    /// <summary>Stops routing one address (its consent lapsed).</summary>
    public void Forget(IPEndPoint endPoint, IMuxPeer peer) =>
        _byEndPoint.TryRemove(new KeyValuePair<IPEndPoint, IMuxPeer>(endPoint, peer));

    public int PeerCount => _byUfrag.Count;

    /// <summary>Sends one datagram; a send error (peer gone, buffer full) is a lost packet, as on any UDP path.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>The fan-out path: a pre-serialized address, so a send allocates nothing.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends every datagram of <paramref name="batch"/> and empties it: one sendmmsg(2) per batch on Linux, one
    /// sendto each elsewhere. A datagram the kernel refuses is a lost packet and the rest still go; returns how many went.
    /// </summary>
    public int Send(DatagramBatch batch)
    {
        try
        {
            if (LinuxSendMany.IsSupported)
            {
                return LinuxSendMany.Send(_socket.SafeHandle, batch);
            }

            var sent = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                sent += Send(batch.Payload(i), batch.Destination(i, LocalEndPoint.AddressFamily)) ? 1 : 0;
            }

            return sent;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>Routes one datagram as if it had arrived on the socket (the receive loop's body).</summary>
    public void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        Counters.CountReceived();
        var kind = MuxPacketClassifier.Classify(datagram);
        if (kind == MuxPacketKind.Unknown)
        {
            Counters.CountUnknownKind();
            return;
        }

        _byEndPoint.TryGetValue(remote, out var known);
        if (kind == MuxPacketKind.Stun)
        {
            DispatchStun(datagram, remote, known);
        }
        else if (known is null)
        {
            Counters.CountUnknownSource();
        }
        else if (kind == MuxPacketKind.Dtls)
        {
            known.HandleDtls(datagram, remote);
        }
        else
        {
            known.HandleRtp(datagram, remote);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        WakeReceiveThread();
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// A blocking receive does not return when its socket is closed from another thread; a datagram to our own port
    /// ends it at once, so the receive thread can sleep in its receive instead of polling for the stop.
    /// </summary>
    private void WakeReceiveThread()
    {
        if (_receiveMode != MuxReceiveMode.DedicatedThread)
        {
            return;
        }

        var address = LocalEndPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : LocalEndPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : LocalEndPoint.Address;
        Send([0], new IPEndPoint(address, LocalEndPoint.Port));
    }

    private void DispatchStun(ReadOnlySpan<byte> datagram, IPEndPoint remote, IMuxPeer? known)
    {
        if (!StunMessage.TryParse(datagram, out var message))
        {
            // A known peer's agent answers 400 to a broken request; a stranger gets nothing.
            if (known is not null && StunResponses.ErrorForUnparsable(datagram, StunErrorCode.BadRequest) is { } error)
            {
                Send(error.ToArray(new StunSigning(null, true)), remote);
            }
            else
            {
                Counters.CountUnroutableStun();
            }

            return;
        }

        var target = known;
        if (message.Type.Class == StunClass.Request
            && IceCredentials.TrySplitUsername(message.GetUsername(), out var localUfrag, out _)
            && _byUfrag.TryGetValue(localUfrag, out var named))
        {
            target = named; // the check's USERNAME says which peer it is for, whatever address it comes from
        }

        if (target is null)
        {
            Counters.CountUnroutableStun();
            return;
        }

        if (target.HandleStun(message, datagram, remote))
        {
            _byEndPoint[remote] = target;
        }
    }

    private Task StartReceiveThread()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveOnThisThread();
            }
            finally
            {
                stopped.SetResult();
            }
        })
        { IsBackground = true, Name = $"udp-mux-{LocalEndPoint.Port}" };
        thread.Start();
        return stopped.Task;
    }

    /// <summary>
    /// The receive loop of <see cref="MuxReceiveMode.DedicatedThread"/>: blocking receives on a socket that no async
    /// operation ever touches, so it is never in the runtime's epoll set, whose write-readiness wakeups would
    /// otherwise follow every datagram sent.
    /// </summary>
    private void ReceiveOnThisThread()
    {
        var buffer = new byte[MaxDatagram];
        var any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            EndPoint remote = any;
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, ref remote);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock
                or SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // the stop check's timeout, an ICMP error or an oversized datagram: not fatal for the other peers
            }

            if (_stopping.IsCancellationRequested)
            {
                return; // the wake-up datagram of DisposeAsync
            }

            DispatchGuarded(buffer.AsSpan(0, received), (IPEndPoint)remote);
        }
    }

    private void DispatchGuarded(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            Dispatch(datagram, remote);
        }
#pragma warning disable CA1031 // one peer's bug must not stop the port for every other peer
        catch (Exception)
#pragma warning restore CA1031
        {
            Counters.CountPeerError();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                || (e is SocketException && _stopping.IsCancellationRequested))
            {
                return; // disposed: the pending receive ends as cancelled, disposed or aborted, by timing
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // an ICMP error or an oversized datagram: not fatal for the other peers
            }

            DispatchGuarded(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
    }
}
