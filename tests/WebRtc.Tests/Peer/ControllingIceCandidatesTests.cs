using System.Net;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.WebRtc.Tests.Peer;

/// <summary>Our controlling client against a lite peer whose first, preferred candidate never answers (a make-run worker's 192.0.2.2).</summary>
public sealed class ControllingIceCandidatesTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    [Fact]
    public async Task Client_connects_through_the_second_candidate_when_the_first_never_answers()
    {
        // A bound loopback socket that reads nothing stands in for an unreachable address: no traffic leaves loopback.
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var unreachable = (IPEndPoint)blackHole.LocalEndPoint!;
        await using var serverMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var clientMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = new AudioPeerConnection(serverMux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendOnly });
        await using var client = new AudioPeerConnection(clientMux, new PeerConnectionOptions { Certificate = Certificate, IceLite = false, Direction = MediaDirection.RecvOnly });

        var answer = server.AcceptOffer(client.CreateOffer());
        var lines = answer.Split("\r\n").ToList();
        var first = lines.FindIndex(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));
        lines.Insert(first, $"a=candidate:9 1 udp 2130706431 {unreachable.Address} {unreachable.Port} typ host");
        client.SetRemoteAnswer(string.Join("\r\n", lines));

        var received = 0;
        client.AudioReceived += (in WebRtc.Rtp.RtpHeader header, ReadOnlySpan<byte> payload) => Interlocked.Increment(ref received);
        await Eventually.TrueAsync(() => server.State == PeerConnectionState.Connected && client.State == PeerConnectionState.Connected,
            "connected through the second candidate", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => server.SendAudio([0xFC, 0xFF, 0xFE]) && Volatile.Read(ref received) > 0, "audio arrives", TimeSpan.FromSeconds(20));
        Assert.Equal(serverMux.HostEndPoints()[0], client.RemoteEndPoint);
        Assert.True(blackHole.Available > 0, "the preferred candidate was checked first");
    }
}
