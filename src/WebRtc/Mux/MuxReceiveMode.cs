namespace BroadcastOperator.WebRtc.Mux;

/// <summary>How a <see cref="UdpMux"/> waits for datagrams.</summary>
public enum MuxReceiveMode
{
    /// <summary>Asynchronous receives on the thread pool: cheap for the many small muxes of clients and tests.</summary>
    ThreadPool,

    /// <summary>
    /// Blocking receives on a thread of its own, for a server port carrying many peers: the socket stays out of
    /// the runtime's epoll set, so the datagrams it sends wake no poller, and received packets skip a pool hop.
    /// </summary>
    DedicatedThread,
}
