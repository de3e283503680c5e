using BroadcastOperator.SessionApi.Options;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class IceOptionsValidatorTests
{
    private const string Secret = "a-turn-shared-secret-of-32-chars-or-more";

    private static List<string> Problems(Action<SessionApiOptions> configure)
    {
        var options = new SessionApiOptions();
        configure(options);
        return [.. IceOptionsValidator.Problems(options)];
    }

    [Fact]
    public void No_ice_servers_and_stun_with_a_minted_turn_server_are_fine()
    {
        Assert.Empty(Problems(_ => { }));
        Assert.Empty(Problems(o =>
        {
            o.IceServers = [new IceServerOptions { Urls = ["stun:stun.example.com:3478"] }];
            o.Turn = new TurnOptions { Urls = ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"], SharedSecret = Secret };
        }));
    }

    [Fact]
    public void A_turn_server_without_its_shared_secret_is_refused() =>
        Assert.Contains(Problems(o => o.Turn.Urls = ["turn:turn.example.com:3478"]), p => p.Contains("SessionApi:Turn:SharedSecret", StringComparison.Ordinal));

    [Fact]
    public void A_turn_url_among_the_static_ice_servers_is_refused_since_its_credentials_would_be_static() =>
        Assert.Contains(Problems(o => o.IceServers = [new IceServerOptions { Urls = ["turn:turn.example.com:3478"] }]),
            p => p.Contains("goes in SessionApi:Turn", StringComparison.Ordinal));

    [Fact]
    public void A_malformed_turn_url_is_named() =>
        Assert.Contains(Problems(o => o.Turn = new TurnOptions { Urls = ["turn:turn.example.com:3478?transport=quic"], SharedSecret = Secret }),
            p => p.Contains("transport=quic", StringComparison.Ordinal));
}
