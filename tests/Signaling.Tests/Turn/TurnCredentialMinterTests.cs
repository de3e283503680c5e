using BroadcastOperator.Shared.Turn;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Turn;

public sealed class TurnCredentialMinterTests
{
    private const string Secret = "test-turn-shared-secret-0123456789abcdef";

    // 2023-11-14T22:13:20Z: the expiry below is this plus 300 s.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Password_is_the_base64_hmac_sha1_of_the_username_under_the_shared_secret()
    {
        var minter = new TurnCredentialMinter(Secret, new FixedTime(Now));

        var credential = minter.Mint("listener-1", TimeSpan.FromMinutes(5));

        // Computed independently of this code:
        //   printf %s "1700000300:listener-1" | openssl dgst -sha1 -hmac "test-turn-shared-secret-0123456789abcdef" -binary | base64
        Assert.Equal("1700000300:listener-1", credential.Username);
        Assert.Equal("GUefcadlXTFLQLEvqF5JBLIuGNc=", credential.Password);
    }

    [Fact]
    public void Expiry_in_the_username_is_the_lifetime_from_now()
    {
        var clock = new ManualClock();
        var minter = new TurnCredentialMinter(Secret, clock);
        var start = clock.GetUtcNow();

        var first = minter.Mint("speaker-1", TimeSpan.FromSeconds(300));
        clock.Advance(TimeSpan.FromSeconds(90));
        var later = minter.Mint("speaker-1", TimeSpan.FromSeconds(300));

        Assert.Equal($"{start.ToUnixTimeSeconds() + 300}:speaker-1", first.Username);
        Assert.Equal(start.AddSeconds(300), first.ExpiresAt);
        Assert.Equal(300, first.LifetimeSeconds);
        Assert.Equal(start.AddSeconds(390), later.ExpiresAt);
        Assert.NotEqual(first.Password, later.Password);
    }

    [Fact]
    public void Minting_until_another_credentials_end_expires_with_it()
    {
        var minter = new TurnCredentialMinter(Secret, new FixedTime(Now));

        var credential = minter.MintUntil("listener-2", Now.AddSeconds(299.7));

        Assert.Equal(Now.AddSeconds(299), credential.ExpiresAt);
        Assert.StartsWith("1700000299:", credential.Username, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => minter.MintUntil("listener-2", Now.AddSeconds(-1)));
    }

    [Fact]
    public void Another_secret_or_client_gives_another_password()
    {
        var time = new FixedTime(Now);
        var password = new TurnCredentialMinter(Secret, time).Mint("listener-1", TimeSpan.FromMinutes(5)).Password;

        Assert.NotEqual(password, new TurnCredentialMinter(Secret + "x", time).Mint("listener-1", TimeSpan.FromMinutes(5)).Password);
        Assert.NotEqual(password, new TurnCredentialMinter(Secret, time).Mint("listener-3", TimeSpan.FromMinutes(5)).Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short-secret")]
    [InlineData("a secret of more than thirty-two chars with spaces")]
    public void A_short_or_spaced_secret_is_refused(string secret) =>
        Assert.Throws<ArgumentException>(() => new TurnCredentialMinter(secret));

    [Theory]
    [InlineData("has:colon")]
    [InlineData("AWS_reserved")]
    [InlineData("")]
    public void A_client_id_that_would_break_the_username_is_refused(string clientId) =>
        Assert.Throws<ArgumentException>(() => new TurnCredentialMinter(Secret).Mint(clientId, TimeSpan.FromMinutes(5)));

    [Fact]
    public void The_password_never_appears_in_the_credentials_text() =>
        Assert.DoesNotContain("GUefcadlXTFLQLEvqF5JBLIuGNc=", new TurnCredentialMinter(Secret, new FixedTime(Now)).Mint("listener-1", TimeSpan.FromMinutes(5)).ToString(),
            StringComparison.Ordinal);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
