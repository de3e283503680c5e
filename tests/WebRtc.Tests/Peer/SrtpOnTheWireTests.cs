using System.Collections.Concurrent;
using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Peer;

/// <summary>SRTP as it arrives over the network, through a relay that replays and tampers with media.</summary>
public sealed class SrtpOnTheWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Replayed_and_tampered_srtp_is_dropped_and_counted()
    {
        await using var serverMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var clientMux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var relay = new UdpRelay(serverMux.LocalEndPoint, datagram => datagram[0] is >= 128 and <= 191 && datagram[1] < 192
            ? [Tampered(datagram), datagram, datagram] // a forgery first, then the packet, then its replay
            : [datagram]);
        await using var server = new AudioPeerConnection(serverMux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.RecvOnly });
        await using var client = new AudioPeerConnection(clientMux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), IceLite = false, Direction = MediaDirection.SendOnly });
        var received = new ConcurrentQueue<byte>();
        server.AudioReceived += (in WebRtc.Rtp.RtpHeader _, ReadOnlySpan<byte> payload) => received.Enqueue(payload[0]);

        var answer = server.AcceptOffer(client.CreateOffer());
        client.SetRemoteAnswer(answer.Replace($" {serverMux.LocalEndPoint.Port} typ host", $" {relay.EndPoint.Port} typ host", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => client.State == PeerConnectionState.Connected && server.State == PeerConnectionState.Connected, "connected through the relay", Timeout);
        for (byte i = 1; i <= 20; i++)
        {
            Assert.True(client.SendAudio([i, 0xAA, 0xBB]));
        }

        await Eventually.TrueAsync(() => server.InboundDrops!.Replayed >= 20 && server.InboundDrops.AuthenticationFailed >= 20, "20 replays and 20 forgeries counted", Timeout);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (byte)i), received.Order());
        Assert.Equal(relay.EndPoint, server.RemoteEndPoint);
    }

    private static byte[] Tampered(byte[] datagram)
    {
        var copy = (byte[])datagram.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
