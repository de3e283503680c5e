using System.Collections.Concurrent;
using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Peer;

/// <summary>Our lite endpoint against our own controlling client, over loopback UDP.</summary>
public sealed class AudioPeerConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate();
    private UdpMux _serverMux = null!;
    private UdpMux _clientMux = null!;

    public Task InitializeAsync()
    {
        _serverMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _clientMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _serverMux.DisposeAsync();
        await _clientMux.DisposeAsync();
    }

    [Fact]
    public async Task Client_offer_connects_and_audio_flows_both_ways()
    {
        await using var server = Server(MediaDirection.SendRecv);
        await using var client = Client(MediaDirection.SendRecv);

        client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));

        await AssertAudioFlows(server, client);
        await AssertAudioFlows(client, server);
    }

    [Fact]
    public async Task Server_offer_connects_with_the_client_as_dtls_client()
    {
        await using var server = Server(MediaDirection.RecvOnly);
        await using var client = Client(MediaDirection.SendOnly);

        var answer = client.AcceptOffer(server.CreateOffer());
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        server.SetRemoteAnswer(answer);

        await AssertAudioFlows(client, server);
        Assert.False(server.SendAudio([1, 2, 3]), "a recvonly endpoint must not send");
    }

    [Fact]
    public async Task Client_connects_with_a_trickled_candidate_when_the_answer_has_none()
    {
        await using var server = Server(MediaDirection.SendOnly);
        await using var client = Client(MediaDirection.RecvOnly);
        var answer = server.AcceptOffer(client.CreateOffer());
        var lines = answer.Split("\r\n");
        var candidate = lines.Single(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))["a=".Length..];
        var withoutCandidates = string.Join("\r\n", lines.Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal)));

        client.SetRemoteAnswer(withoutCandidates);
        client.AddRemoteCandidate(candidate);

        await AssertAudioFlows(server, client);
        Assert.Equal(_serverMux.LocalEndPoint, client.RemoteEndPoint);
    }

    [Theory]
    [InlineData("not an sdp", "expected")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "audio section")]
    public async Task Unusable_remote_sdp_is_a_clear_error_and_leaves_the_peer_new(string sdp, string reason)
    {
        await using var server = Server(MediaDirection.SendRecv);

        var error = Assert.Throws<FormatException>(() => server.AcceptOffer(sdp));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(PeerConnectionState.New, server.State);
    }

    [Fact]
    public async Task Tampered_fingerprint_fails_the_handshake_and_yields_no_media()
    {
        await using var server = Server(MediaDirection.SendRecv);
        await using var client = Client(MediaDirection.SendRecv);
        var offer = client.CreateOffer();
        var line = offer.Split("\r\n").First(l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal));
        var tampered = offer.Replace(line, line[..^2] + (line.EndsWith("00", StringComparison.Ordinal) ? "11" : "00"), StringComparison.Ordinal);

        client.SetRemoteAnswer(server.AcceptOffer(tampered));

        await Eventually.TrueAsync(() => server.State == PeerConnectionState.Failed, "server fails the handshake", Timeout);
        await Eventually.TrueAsync(() => client.State == PeerConnectionState.Failed, "client sees the handshake fail", Timeout);
        Assert.Contains("fingerprint", server.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.False(client.SendAudio([1, 2, 3]));
    }

    [Fact]
    public async Task Spoofed_packets_from_another_address_do_not_move_the_selected_pair()
    {
        await using var server = Server(MediaDirection.RecvOnly);
        await using var client = Client(MediaDirection.SendOnly);
        client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
        await AssertAudioFlows(client, server);
        var selected = server.RemoteEndPoint;
        var spoofedDelivered = 0;
        server.AudioReceived += (in WebRtc.Rtp.RtpHeader _, ReadOnlySpan<byte> payload) =>
        {
            if (payload.Length > 0 && payload[0] == 9)
            {
                Interlocked.Increment(ref spoofedDelivered); // the client's own frames start 0xFC; late ones may still arrive
            }
        };
        using var attacker = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var dropsBefore = _serverMux.Counters.DroppedUnknownSource;

        attacker.SendTo([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], _serverMux.LocalEndPoint);
        attacker.SendTo([0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], _serverMux.LocalEndPoint);

        await Eventually.TrueAsync(() => _serverMux.Counters.DroppedUnknownSource >= dropsBefore + 2, "both spoofed packets dropped", Timeout);
        Assert.Equal(selected, server.RemoteEndPoint);
        Assert.Equal(0, spoofedDelivered);
        Assert.Equal(PeerConnectionState.Connected, server.State);
    }

    [Fact]
    public async Task Peer_that_stops_checking_is_disconnected_after_the_consent_timeout()
    {
        var clock = new ManualTimeProvider();
        await using var server = new AudioPeerConnection(_serverMux, new PeerConnectionOptions
        {
            Certificate = ServerCertificate,
            Direction = MediaDirection.SendOnly,
            Time = clock,
            ConsentInterval = TimeSpan.FromMilliseconds(50),
        });
        var client = Client(MediaDirection.RecvOnly);
        client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
        await AssertAudioFlows(server, client);

        await client.DisposeAsync(); // the exact 30 s boundary is covered by IceLiteAgentTests
        clock.Advance(TimeSpan.FromSeconds(31));

        await Eventually.TrueAsync(() => server.State == PeerConnectionState.Disconnected, "server drops the silent peer", Timeout);
        Assert.Null(server.RemoteEndPoint);
        Assert.False(server.SendAudio([1, 2, 3]));
    }

    [Fact]
    public async Task Sender_and_receiver_reports_flow_over_srtcp()
    {
        await using var server = Server(MediaDirection.SendOnly);
        await using var client = Client(MediaDirection.RecvOnly);
        var atClient = new ConcurrentQueue<WebRtc.Rtcp.IRtcpPacket>();
        var atServer = new ConcurrentQueue<WebRtc.Rtcp.IRtcpPacket>();
        client.RtcpReceived += packets => packets.ToList().ForEach(atClient.Enqueue);
        server.RtcpReceived += packets => packets.ToList().ForEach(atServer.Enqueue);
        client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
        await AssertAudioFlows(server, client);

        await Eventually.TrueAsync(() => server.SendAudio([1, 2, 3]) && atClient.OfType<WebRtc.Rtcp.SenderReport>().Any() && atServer.OfType<WebRtc.Rtcp.ReceiverReport>().Any(r => r.Reports.Length == 1), "SR at the client and RR at the server", Timeout);

        var sr = atClient.OfType<WebRtc.Rtcp.SenderReport>().Last();
        Assert.Equal(server.Ssrc, sr.Ssrc);
        Assert.True(sr.PacketCount >= 1);
        Assert.Contains(atClient.OfType<WebRtc.Rtcp.SourceDescription>(), d => d.Chunks[0].Items[0].Text == server.CName);
        var block = atServer.OfType<WebRtc.Rtcp.ReceiverReport>().Last(r => r.Reports.Length == 1).Reports[0];
        Assert.Equal(server.Ssrc, block.Ssrc);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fan_out_copy_carries_each_listener_payload_type_and_ssrc(bool batched)
    {
        await using var chromeLike = Server(MediaDirection.SendOnly);
        await using var firefoxLike = Server(MediaDirection.SendOnly);
        await using var otherMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client111 = Client(MediaDirection.RecvOnly);
        await using var client109 = new AudioPeerConnection(otherMux, new PeerConnectionOptions { Certificate = ClientCertificate, IceLite = false, Direction = MediaDirection.RecvOnly });
        client111.SetRemoteAnswer(chromeLike.AcceptOffer(client111.CreateOffer()));
        var offer109 = client109.CreateOffer().Replace(" 111", " 109", StringComparison.Ordinal).Replace(":111 ", ":109 ", StringComparison.Ordinal);
        client109.SetRemoteAnswer(firefoxLike.AcceptOffer(offer109));
        var seen = new ConcurrentDictionary<string, (byte PayloadType, uint Ssrc, byte[] Payload)>();
        client111.AudioReceived += (in WebRtc.Rtp.RtpHeader h, ReadOnlySpan<byte> p) => seen["111"] = (h.PayloadType, h.Ssrc, p.ToArray());
        client109.AudioReceived += (in WebRtc.Rtp.RtpHeader h, ReadOnlySpan<byte> p) => seen["109"] = (h.PayloadType, h.Ssrc, p.ToArray());
        var packetizer = new WebRtc.Rtp.RtpPacketizer(ssrc: 1, payloadType: 111);
        var packet = new byte[64];
        var batch = new DatagramBatch(capacity: 4);
        await Eventually.TrueAsync(() => chromeLike.State == PeerConnectionState.Connected && firefoxLike.State == PeerConnectionState.Connected, "both listeners connected", Timeout);

        await Eventually.TrueAsync(
            () =>
            {
                var rtp = packet.AsSpan(0, packetizer.Packetize([0xFC, 7, 8], 960, packet));
                if (batched)
                {
                    Assert.True(chromeLike.AddRtpTo(batch, rtp) && firefoxLike.AddRtpTo(batch, rtp));
                    Assert.Equal(2, _serverMux.Send(batch));
                    Assert.Equal(0, batch.Count);
                }
                else
                {
                    Assert.True(chromeLike.SendRtp(rtp) && firefoxLike.SendRtp(rtp));
                }

                return seen.Count == 2;
            },
            "one packetization reaches both listeners",
            Timeout);

        Assert.Equal(((byte)111, chromeLike.Ssrc), (seen["111"].PayloadType, seen["111"].Ssrc));
        Assert.Equal(((byte)109, firefoxLike.Ssrc), (seen["109"].PayloadType, seen["109"].Ssrc));
        Assert.Equal([0xFC, 7, 8], seen["109"].Payload);
    }

    [Fact]
    public async Task A_peer_not_yet_connected_adds_nothing_to_a_batch()
    {
        await using var notConnected = Server(MediaDirection.SendOnly);
        var packet = new byte[64];
        var batch = new DatagramBatch(capacity: 4);

        Assert.False(notConnected.AddRtpTo(batch, packet.AsSpan(0, new WebRtc.Rtp.RtpPacketizer(1, 111).Packetize([0xFC], 960, packet))));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task The_dtls_thread_stops_lingering_once_the_peer_sends_its_first_authenticated_packet()
    {
        await using var server = new AudioPeerConnection(_serverMux, new PeerConnectionOptions
        {
            Certificate = ServerCertificate,
            Direction = MediaDirection.SendOnly,
            Dtls = new DtlsSrtpOptions { PostHandshakeLinger = TimeSpan.FromMinutes(10) },
        });
        await using var client = Client(MediaDirection.RecvOnly);
        var reportsAtServer = 0;
        server.RtcpReceived += _ => Interlocked.Increment(ref reportsAtServer);
        client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
        await AssertAudioFlows(server, client);

        // A receive-only listener's first SRTCP receiver report proves it holds the keys: the ten-minute linger ends.
        await Eventually.TrueAsync(() => Volatile.Read(ref reportsAtServer) > 0, "the listener's receiver report arrived", Timeout);
        await server.DtlsThreadEnded.WaitAsync(Timeout);
        Assert.Equal(PeerConnectionState.Connected, server.State);
        Assert.True(server.SendAudio([1, 2, 3]), "media goes on after the DTLS thread has ended");
    }

    [Fact]
    public async Task Many_peers_share_one_server_port()
    {
        var servers = new List<AudioPeerConnection>();
        var clients = new List<(UdpMux Mux, AudioPeerConnection Peer)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var server = Server(MediaDirection.SendOnly);
                var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var client = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = ClientCertificate, IceLite = false, Direction = MediaDirection.RecvOnly });
                servers.Add(server);
                clients.Add((mux, client));
                client.SetRemoteAnswer(server.AcceptOffer(client.CreateOffer()));
            }

            for (var i = 0; i < servers.Count; i++)
            {
                await AssertAudioFlows(servers[i], clients[i].Peer);
            }

            Assert.Equal(3, _serverMux.PeerCount);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            foreach (var (mux, peer) in clients)
            {
                await peer.DisposeAsync();
                await mux.DisposeAsync();
            }
        }
    }

    private AudioPeerConnection Server(MediaDirection direction) =>
        new(_serverMux, new PeerConnectionOptions { Certificate = ServerCertificate, Direction = direction });

    private AudioPeerConnection Client(MediaDirection direction) =>
        new(_clientMux, new PeerConnectionOptions { Certificate = ClientCertificate, IceLite = false, Direction = direction });

    private static async Task AssertAudioFlows(AudioPeerConnection sender, AudioPeerConnection receiver)
    {
        var received = new ConcurrentQueue<byte[]>();
        RtpPayloadHandler handler = (in WebRtc.Rtp.RtpHeader header, ReadOnlySpan<byte> payload) => received.Enqueue(payload.ToArray());
        receiver.AudioReceived += handler;
        try
        {
            await Eventually.TrueAsync(() => sender.State == PeerConnectionState.Connected && receiver.State == PeerConnectionState.Connected, "both connected", Timeout);
            byte[] frame = [0xFC, 0xFF, 0xFE, 42];
            await Eventually.TrueAsync(() => sender.SendAudio(frame) && received.Any(p => p.AsSpan().SequenceEqual(frame)), "a frame arrives intact", Timeout);
            Assert.Equal(0, receiver.InboundDrops!.Total);
        }
        finally
        {
            receiver.AudioReceived -= handler;
        }
    }
}
