using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Stun;
using BroadcastOperator.WebRtc.Tests.Support;
using static BroadcastOperator.WebRtc.Tests.Sdp.SdpTests;

namespace BroadcastOperator.WebRtc.Tests.Ice;

/// <summary>
/// Firefox (ESR 153, Debian) as a listener of the ICE-lite worker (issue 20). What it does, captured on this machine
/// from the worker's side of a session that worked: it gathers host candidates on its interfaces' addresses only (no
/// loopback), pairs a remote candidate only with a local one of the same IP version and the same loopback and
/// link-local standing (nICEr's <c>nr_ice_component_can_candidate_addr_pair</c>), and, the remote being lite, sends its
/// first check with USE-CANDIDATE, then consent checks every ~5 s with another PRIORITY and no USE-CANDIDATE.
/// </summary>
public sealed class FirefoxIceTests
{
    /// <summary>Our answer's ICE credentials in the captured session, and Firefox's ufrag from its offer.</summary>
    private static readonly IceCredentials Worker = new("grWyoNou", "LBSiD13NXPFQd1wAJbG2jQoF");
    private const string FirefoxUfrag = "ac4cacb4";
    private static readonly IPEndPoint FirefoxHost = new(IPAddress.Parse("192.0.2.2"), 45932);

    /// <summary>Firefox's first check: USERNAME, USE-CANDIDATE, PRIORITY 0x6E7E00FF, ICE-CONTROLLING, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    private const string FirstCheck =
        "000100502112A442DCAD482C4CFC793F1C80378200060011677257796F4E6F753A616334636163623400000000250000002400046E7E00FF"
        + "802A0008B610621F251CF75D000800149DEFC2603DDA5EF0D5175529574689593655F96880280004CE2CFA9D";

    /// <summary>A consent check ~5 s later: PRIORITY 0x7E7E00FF (its host priority), no USE-CANDIDATE.</summary>
    private const string ConsentCheck =
        "0001004C2112A4422EE9A929BF7004DCBB64776000060011677257796F4E6F753A6163346361636234000000002400047E7E00FF"
        + "802A0008B610621F251CF75D000800146890D0406CF8A1E491E36B6925FC870CF722F218802800047177DA3F";

    /// <summary>The host addresses Firefox gathered here (its ICE log): eth0's IPv4 and IPv6, no loopback.</summary>
    private static readonly IPAddress[] FirefoxHostAddresses = [IPAddress.Parse("192.0.2.2"), IPAddress.Parse("fd00::2")];

    [Fact]
    public void Firefox_153_first_check_nominates_at_once_and_its_consent_checks_keep_the_pair()
    {
        var agent = new IceLiteAgent(Worker, time: new ManualTimeProvider()) { RemoteUfrag = FirefoxUfrag };
        Assert.True(StunMessage.TryParse(Hex.Parse(FirstCheck), out var first));
        Assert.True(first.HasUseCandidate());
        Assert.NotNull(first.GetIceControlling());

        var outcome = agent.HandleStun(Hex.Parse(FirstCheck), FirefoxHost);

        Assert.Equal(IceCheckVerdict.Accepted, outcome.Verdict);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response));
        Assert.Equal(StunMessageType.BindingSuccess, response.Type);
        Assert.Equal(FirefoxHost, response.GetXorMappedAddress());
        Assert.True(response.VerifyMessageIntegrity(Worker.Key));
        Assert.Equal(IceState.Completed, agent.State);
        Assert.True(agent.IsNominated);

        Assert.Equal(IceCheckVerdict.Accepted, agent.HandleStun(Hex.Parse(ConsentCheck), FirefoxHost).Verdict);
        Assert.Equal(IceState.Completed, agent.State);
        Assert.Equal(FirefoxHost, agent.SelectedEndPoint);
    }

    [Fact]
    public async Task An_answer_from_a_loopback_bound_port_gives_Firefox_no_pair_to_check()
    {
        // The worker's old default: Firefox's ICE went from checking to failed without sending one check.
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var candidates = await AnswerCandidatesAsync(mux);

        Assert.All(candidates, c => Assert.True(IPAddress.IsLoopback(c.Address)));
        Assert.Empty(FirefoxPairs(FirefoxHostAddresses, candidates));
    }

    [SkippableFact]
    public async Task Firefox_on_this_machines_address_pairs_with_a_port_bound_to_every_interface_and_its_check_is_answered()
    {
        // Firefox here gathers this machine's non-loopback addresses; the worker now binds every interface.
        var hostAddress = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Skip.If(hostAddress is null, "this machine has no non-loopback IPv4 address for a Firefox host candidate");
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Any, 0));
        var peer = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.SendOnly });
        await using var _ = peer;
        var answer = peer.AcceptOffer(Fixture("firefox-153-offer-captured.sdp"));
        var candidates = Candidates(answer);

        var pair = Assert.Single(FirefoxPairs([hostAddress], candidates).Take(1));

        // Firefox's check on that pair, from its host address, in its shape (USE-CANDIDATE before PRIORITY, controlling).
        using var firefox = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        firefox.Bind(new IPEndPoint(hostAddress, 0));
        var check = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId());
        check.Add(StunAttributeType.Username, System.Text.Encoding.UTF8.GetBytes($"{peer.LocalUfrag}:{FirefoxUfrag}"));
        check.Add(StunAttributeType.UseCandidate, []);
        check.Add(StunAttributeType.Priority, [0x6E, 0x7E, 0x00, 0xFF]);
        check.Add(StunAttributeType.IceControlling, [0xB6, 0x10, 0x62, 0x1F, 0x25, 0x1C, 0xF7, 0x5D]);
        var password = AnswerPassword(answer);
        firefox.SendTo(check.ToArray(new StunSigning(System.Text.Encoding.UTF8.GetBytes(password), AddFingerprint: true)), pair.Remote);

        var buffer = new byte[1500];
        firefox.ReceiveTimeout = 10_000;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var length = firefox.ReceiveFrom(buffer, ref from);
        Assert.Equal(pair.Remote, from);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var success));
        Assert.Equal(StunMessageType.BindingSuccess, success.Type);
        Assert.Equal(firefox.LocalEndPoint, success.GetXorMappedAddress());
        Assert.Equal(firefox.LocalEndPoint, peer.RemoteEndPoint);
    }

    /// <summary>nICEr's pairing filter: same IP version, and loopback only with loopback, link-local only with link-local.</summary>
    private static IEnumerable<(IPAddress Local, IPEndPoint Remote)> FirefoxPairs(IEnumerable<IPAddress> firefoxHosts, IEnumerable<IPEndPoint> remote) =>
        from local in firefoxHosts
        from candidate in remote
        where local.AddressFamily == candidate.AddressFamily
            && IPAddress.IsLoopback(local) == IPAddress.IsLoopback(candidate.Address)
            && IsLinkLocal(local) == IsLinkLocal(candidate.Address)
        select (local, candidate);

    private static bool IsLinkLocal(IPAddress address) =>
        address.IsIPv6LinkLocal || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]);

    private static async Task<IReadOnlyList<IPEndPoint>> AnswerCandidatesAsync(UdpMux mux)
    {
        await using var peer = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.SendOnly });
        return Candidates(peer.AcceptOffer(Fixture("firefox-153-offer-captured.sdp")));
    }

    private static IReadOnlyList<IPEndPoint> Candidates(string sdp) =>
        sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal))
            .Select(l => IceCandidate.TryParse(l["a=".Length..], out var c) ? c.TryGetEndPoint() : null)
            .OfType<IPEndPoint>().ToList();

    private static string AnswerPassword(string sdp) =>
        sdp.Split("\r\n").Single(l => l.StartsWith("a=ice-pwd:", StringComparison.Ordinal))["a=ice-pwd:".Length..];
}
