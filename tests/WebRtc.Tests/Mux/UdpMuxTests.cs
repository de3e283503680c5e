using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Tests.Mux;

public class UdpMuxTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Loopback, 41001);
    private static readonly IPEndPoint Bob = new(IPAddress.Loopback, 41002);
    private static readonly IPEndPoint Mallory = new(IPAddress.Parse("127.0.0.9"), 41001);

    [Theory]
    [InlineData(0, MuxPacketKind.Stun)]
    [InlineData(3, MuxPacketKind.Stun)]
    [InlineData(17, MuxPacketKind.Unknown)]
    [InlineData(20, MuxPacketKind.Dtls)]
    [InlineData(22, MuxPacketKind.Dtls)]
    [InlineData(63, MuxPacketKind.Dtls)]
    [InlineData(64, MuxPacketKind.Unknown)]
    [InlineData(128, MuxPacketKind.Rtp)]
    [InlineData(191, MuxPacketKind.Rtp)]
    [InlineData(192, MuxPacketKind.Unknown)]
    public void First_byte_selects_the_protocol(byte first, MuxPacketKind kind)
    {
        Assert.Equal(kind, MuxPacketClassifier.Classify([first, 0, 0, 0]));
    }

    [Fact]
    public async Task Peers_on_one_port_get_only_their_own_traffic()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var first = new RecordingPeer(mux);
        var second = new RecordingPeer(mux);

        mux.Dispatch(first.Check(), Alice);
        mux.Dispatch(second.Check(), Bob);
        mux.Dispatch([22, 0xFE, 0xFD, 1], Alice);
        mux.Dispatch([0x80, 111, 0, 1], Bob);

        Assert.Equal([Alice], first.Dtls);
        Assert.Empty(first.Rtp);
        Assert.Equal([Bob], second.Rtp);
        Assert.Empty(second.Dtls);
    }

    [Fact]
    public async Task Spoofed_dtls_and_rtp_from_an_unknown_address_are_dropped_and_do_not_move_the_selected_pair()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peer = new RecordingPeer(mux);
        mux.Dispatch(peer.Check(useCandidate: true), Alice);

        mux.Dispatch([22, 0xFE, 0xFD, 1], Mallory);
        mux.Dispatch([0x80, 111, 0, 1], Mallory);
        mux.Dispatch(peer.Check(useCandidate: true, password: "not-the-password-at-all"), Mallory);

        Assert.Empty(peer.Dtls);
        Assert.Empty(peer.Rtp);
        Assert.Equal(Alice, peer.Agent.SelectedEndPoint);
        Assert.Equal(2, mux.Counters.DroppedUnknownSource);
        mux.Dispatch([0x80, 111, 0, 1], Mallory);
        Assert.Empty(peer.Rtp); // the failed check did not make Mallory known
    }

    [Fact]
    public async Task Check_naming_no_registered_ufrag_is_dropped()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peer = new RecordingPeer(mux);
        var stranger = new IceControllingAgent(IceCredentials.Generate(), IceCredentials.Generate());

        mux.Dispatch(stranger.CreateCheck(), Alice);
        mux.Dispatch([0x80, 111, 0, 1], Alice);

        Assert.Equal(1, mux.Counters.DroppedUnroutableStun);
        Assert.Equal(1, mux.Counters.DroppedUnknownSource);
        Assert.Equal(IceState.New, peer.Agent.State);
    }

    [Fact]
    public async Task Unregistered_peer_no_longer_receives()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peer = new RecordingPeer(mux);
        mux.Dispatch(peer.Check(), Alice);

        mux.Unregister(peer);
        mux.Dispatch([0x80, 111, 0, 1], Alice);

        Assert.Empty(peer.Rtp);
        Assert.Equal(0, mux.PeerCount);
    }

    [Fact]
    public async Task Random_and_mutated_datagrams_from_known_and_unknown_addresses_never_break_a_peer()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peer = new RecordingPeer(mux);
        var check = peer.Check(useCandidate: true);
        mux.Dispatch(check, Alice);

        foreach (var input in Support.Mutations.Of(7983, 300, check, [22, 0xFE, 0xFD, 0, 1], [0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]))
        {
            mux.Dispatch(input, Alice);
            mux.Dispatch(input, Mallory);
        }

        Assert.Equal(Alice, peer.Agent.SelectedEndPoint);
        Assert.Equal(IceState.Completed, peer.Agent.State);
    }

    [Theory]
    [InlineData(MuxReceiveMode.ThreadPool)]
    [InlineData(MuxReceiveMode.DedicatedThread)]
    public async Task Real_socket_answers_a_check_from_a_controlling_client(MuxReceiveMode receiveMode)
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), receiveMode: receiveMode);
        var peer = new RecordingPeer(mux);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var agent = new IceControllingAgent(peer.Remote, peer.Agent.Local);

        await client.SendToAsync(agent.CreateCheck(), mux.LocalEndPoint);
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await client.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);

        Assert.True(agent.HandleResponse(buffer.AsSpan(0, received.ReceivedBytes)));
        Assert.Equal(client.LocalEndPoint, agent.MappedAddress);
        Assert.Equal(client.LocalEndPoint, peer.Agent.SelectedEndPoint);
    }

    [Fact]
    public async Task Dedicated_receive_thread_stops_when_the_mux_is_disposed_and_the_port_is_free_again()
    {
        var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0), receiveMode: MuxReceiveMode.DedicatedThread);
        var port = mux.LocalEndPoint.Port;

        await mux.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port)); // throws "address in use" while the old socket lives
        Assert.Equal(port, ((IPEndPoint)again.LocalEndPoint!).Port);
    }

    /// <summary>A peer that runs a real ICE-lite agent and records what reached it.</summary>
    private sealed class RecordingPeer : IMuxPeer
    {
        private readonly UdpMux _mux;

        public RecordingPeer(UdpMux mux)
        {
            _mux = mux;
            Agent = new IceLiteAgent(IceCredentials.Generate()) { RemoteUfrag = Remote.Ufrag };
            mux.Register(this);
        }

        public IceCredentials Remote { get; } = IceCredentials.Generate();

        public IceLiteAgent Agent { get; }

        public string LocalUfrag => Agent.Local.Ufrag;

        public ConcurrentQueue<IPEndPoint> Dtls { get; } = new();

        public ConcurrentQueue<IPEndPoint> Rtp { get; } = new();

        public byte[] Check(bool useCandidate = false, string? password = null)
        {
            var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
                .AddUsername(Remote.UsernameForCheckTo(Agent.Local.Ufrag)).AddPriority(1).AddIceControlling(1);
            if (useCandidate)
            {
                request.AddUseCandidate();
            }

            return request.ToArray(StunSigning.ShortTerm(password ?? Agent.Local.Password));
        }

        public bool HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            var outcome = Agent.HandleStun(message, remote);
            if (outcome.Response is { } response)
            {
                _mux.Send(response, remote);
            }

            return outcome.Verdict == IceCheckVerdict.Accepted;
        }

        public void HandleDtls(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Dtls.Enqueue(remote);

        public void HandleRtp(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Rtp.Enqueue(remote);
    }
}
