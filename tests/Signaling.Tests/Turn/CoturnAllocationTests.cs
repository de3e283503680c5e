using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Shared.Turn;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Turn;

/// <summary>Signaling and a real coturn sharing one secret: the credentials GetIceServerConfig mints allocate relays.</summary>
public sealed class CoturnSignalingFixture : IAsyncLifetime
{
    public Coturn Turn { get; } = new();

    /// <summary>Started only where coturn runs (the tests skip otherwise).</summary>
    public SignalingServiceFixture Signaling { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Turn.InitializeAsync();
        if (Turn.Unavailable is null)
        {
            Signaling = new PointedAtCoturn(Turn);
            await Signaling.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Signaling is not null)
        {
            await Signaling.DisposeAsync();
        }
        await Turn.DisposeAsync();
    }

    private sealed class PointedAtCoturn(Coturn turn) : SignalingServiceFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Signaling:Turn:Uris:0"] = turn.Uri,
            ["Signaling:Turn:Uris:1"] = turn.Uri.Replace("transport=udp", "transport=tcp", StringComparison.Ordinal),
            ["Signaling:Turn:SharedSecret"] = Coturn.SharedSecret,
        };
    }
}

public sealed class CoturnAllocationTests(CoturnSignalingFixture fixture) : IClassFixture<CoturnSignalingFixture>
{
    private Coturn Turn => fixture.Turn;

    [SkippableFact]
    public async Task A_listener_allocates_a_relay_with_the_credential_GetIceServerConfig_minted_for_it()
    {
        Skip.If(Turn.Unavailable is not null, Turn.Unavailable);
        var signaling = fixture.Signaling;
        var arn = await signaling.CreateChannelAsync();
        var clientId = $"listener-{Guid.NewGuid():N}";
        using var client = signaling.ControlPlane(signaling.Issuer.Issue(arn, ChannelRole.Viewer, clientId).ToAwsCredentials());
        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Viewer);

        var turn = (await client.GetIceServerConfigAsync(endpoints.Https!, arn, clientId)).Single(s => s.Username is not null);
        var (exitCode, output) = await Turn.AllocateAsync(turn.Username!, turn.Password!);

        Assert.Contains(Turn.Uri, turn.Uris);
        Assert.True(exitCode == 0, $"turnutils_uclient failed ({exitCode}):\n{output}\n{Turn.ServerLog}");
        await Eventually.TrueAsync(() => Task.FromResult(Turn.ServerLog.Contains(Coturn.AllocationGranted(turn.Username!), StringComparison.Ordinal)),
            "coturn to log the allocation of " + turn.Username);
    }

    [SkippableFact]
    public async Task An_expired_credential_is_refused_with_401()
    {
        Skip.If(Turn.Unavailable is not null, Turn.Unavailable);
        var tenMinutesAgo = new Shifted(TimeSpan.FromMinutes(-10));
        var expired = new TurnCredentialMinter(Coturn.SharedSecret, tenMinutesAgo).Mint($"listener-{Guid.NewGuid():N}", TimeSpan.FromMinutes(5));

        await AssertRefusedWith401Async(expired.Username, expired.Password);
    }

    [SkippableFact]
    public async Task An_altered_password_is_refused_with_401()
    {
        Skip.If(Turn.Unavailable is not null, Turn.Unavailable);
        var fresh = new TurnCredentialMinter(Coturn.SharedSecret).Mint($"listener-{Guid.NewGuid():N}", TimeSpan.FromMinutes(5));
        var altered = (fresh.Password[0] == 'A' ? "B" : "A") + fresh.Password[1..];

        await AssertRefusedWith401Async(fresh.Username, altered);
    }

    [SkippableFact]
    public async Task A_credential_minted_under_another_secret_is_refused_with_401()
    {
        Skip.If(Turn.Unavailable is not null, Turn.Unavailable);
        var foreign = new TurnCredentialMinter("another-secret-than-the-turn-servers-0123456789").Mint($"listener-{Guid.NewGuid():N}", TimeSpan.FromMinutes(5));

        await AssertRefusedWith401Async(foreign.Username, foreign.Password);
    }

    private async Task AssertRefusedWith401Async(string username, string password)
    {
        var (exitCode, output) = await Turn.AllocateAsync(username, password);

        Assert.True(exitCode != 0, $"turnutils_uclient allocated with a credential coturn should refuse:\n{output}");
        await Eventually.TrueAsync(() => Task.FromResult(Turn.ServerLog.Contains(Coturn.Refused401(username), StringComparison.Ordinal)),
            $"coturn to log a 401 for {username}");
        Assert.DoesNotContain(Coturn.AllocationGranted(username), Turn.ServerLog, StringComparison.Ordinal);
    }

    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + by;
    }
}
