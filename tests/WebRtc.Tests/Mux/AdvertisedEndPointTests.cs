using System.Net;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;

namespace BroadcastOperator.WebRtc.Tests.Mux;

/// <summary>A socket bound to every interface can advertise another address (a node's, a load balancer's) in its candidates.</summary>
public sealed class AdvertisedEndPointTests
{
    private static readonly IPAddress NodeAddress = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task Without_an_advertised_end_point_the_bound_address_is_the_candidate()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.Null(mux.AdvertisedEndPoint);
        Assert.Equal([mux.LocalEndPoint], mux.HostEndPoints());
    }

    [Fact]
    public async Task An_advertised_address_with_port_zero_carries_the_bound_port()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Any, 0), advertised: new IPEndPoint(NodeAddress, 0));

        Assert.Equal([new IPEndPoint(NodeAddress, mux.LocalEndPoint.Port)], mux.HostEndPoints());
    }

    [Fact]
    public async Task An_advertised_port_replaces_the_bound_port_as_a_node_port_does()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Any, 0), advertised: new IPEndPoint(NodeAddress, 31234));

        Assert.Equal([new IPEndPoint(NodeAddress, 31234)], mux.HostEndPoints());
    }

    [Fact]
    public async Task The_sdp_offer_carries_only_the_advertised_candidate()
    {
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Any, 0), advertised: new IPEndPoint(NodeAddress, 31234));
        await using var peer = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate() });

        var candidates = peer.CreateOffer().Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToList();

        var candidate = Assert.Single(candidates);
        Assert.Contains(" 203.0.113.7 31234 typ host", candidate);
    }
}
