using System.Text;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Tests.Signaling;

public sealed class ScopedCredentialTests
{
    private const string RootKey = "unit-test-root-key-0123456789abcdef0123";
    private const string Arn = "arn:aws:kinesisvideo:us-east-1:111122223333:channel/talk-es/1764234000000";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly ScopedCredentialIssuer _issuer = new(RootKey, new FixedTime(Now));
    private readonly ScopedCredentialVerifier _verifier = new(RootKey);

    [Fact]
    public void Issued_credential_verifies_to_its_channel_role_and_client_id()
    {
        var credential = _issuer.Issue(Arn, ChannelRole.Viewer, "listener-7");

        Assert.True(_verifier.TryVerify(credential.AccessKeyId, credential.SessionToken, Now.AddMinutes(1), out var claims, out _, out _));
        Assert.Equal(Arn, claims.ChannelArn);
        Assert.Equal(ChannelRole.Viewer, claims.ChannelRole);
        Assert.Equal("listener-7", claims.ClientId);
        Assert.Equal(Now.AddMinutes(5), credential.Expiration);
        Assert.StartsWith("ASIA", credential.AccessKeyId);
        Assert.Equal(20, credential.AccessKeyId.Length);
    }

    [Fact]
    public void Resolved_secret_is_the_one_the_client_was_given()
    {
        var credential = _issuer.Issue(Arn, ChannelRole.Master, "speaker");

        var resolution = _verifier.Resolve(credential.AccessKeyId, credential.SessionToken, Now);

        Assert.Equal(credential.SecretAccessKey, resolution.SecretAccessKey);
    }

    [Fact]
    public void Widening_a_viewer_token_to_master_breaks_its_signature()
    {
        var credential = _issuer.Issue(Arn, ChannelRole.Viewer, "listener-7");
        var parts = credential.SessionToken.Split('.');
        var json = Encoding.UTF8.GetString(Base64UrlDecode(parts[0])).Replace("\"VIEWER\"", "\"MASTER\"");
        var forged = Base64UrlEncode(Encoding.UTF8.GetBytes(json)) + "." + parts[1];

        var resolution = _verifier.Resolve(credential.AccessKeyId, forged, Now);

        Assert.Equal(SigV4Failure.InvalidSessionToken, resolution.Failure);
        Assert.Null(resolution.SecretAccessKey);
    }

    [Fact]
    public void Token_presented_with_another_access_key_is_refused()
    {
        var first = _issuer.Issue(Arn, ChannelRole.Viewer, "a");
        var second = _issuer.Issue(Arn, ChannelRole.Viewer, "b");

        Assert.Equal(SigV4Failure.InvalidSessionToken, _verifier.Resolve(first.AccessKeyId, second.SessionToken, Now).Failure);
    }

    [Fact]
    public void Expired_credential_is_refused()
    {
        var credential = _issuer.Issue(Arn, ChannelRole.Viewer, "a", TimeSpan.FromMinutes(2));

        Assert.Equal(SigV4Failure.ExpiredCredential, _verifier.Resolve(credential.AccessKeyId, credential.SessionToken, Now.AddMinutes(2)).Failure);
    }

    [Fact]
    public void Credential_from_another_root_key_is_refused()
    {
        var foreign = new ScopedCredentialIssuer("another-root-key-0123456789abcdef0123456", new FixedTime(Now))
            .Issue(Arn, ChannelRole.Master, "x");

        Assert.Equal(SigV4Failure.InvalidSessionToken, _verifier.Resolve(foreign.AccessKeyId, foreign.SessionToken, Now).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("!!!.???")]
    [InlineData("e30.e30")]
    public void Garbage_tokens_are_refused_without_throwing(string token)
    {
        Assert.NotEqual(SigV4Failure.None, _verifier.Resolve("ASIAXXXXXXXXXXXXXXXX", token, Now).Failure);
    }

    [Theory]
    [InlineData("not-an-arn", "a")]
    [InlineData(Arn, "AWS_reserved")]
    [InlineData(Arn, "spaces are not allowed")]
    public void Issuing_for_a_bad_arn_or_client_id_is_an_argument_error(string arn, string clientId)
    {
        Assert.Throws<ArgumentException>(() => _issuer.Issue(arn, ChannelRole.Viewer, clientId));
    }

    [Fact]
    public void Short_root_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ScopedCredentialIssuer("short"));
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    private static string Base64UrlEncode(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
