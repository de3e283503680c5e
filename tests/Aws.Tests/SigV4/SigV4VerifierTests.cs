using BroadcastOperator.Aws;

namespace BroadcastOperator.Aws.Tests.SigV4;

public sealed class SigV4VerifierTests
{
    private static readonly AwsCredentials Operator = new("AKIDOPERATOR", "operator-secret");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri Endpoint = new("wss://127.0.0.1:8443");
    private const string Arn = "arn:aws:kinesisvideo:us-east-1:111122223333:channel/demo/1764234000000";

    private readonly SigV4Verifier _verifier = new(new StaticCredentialResolver(Operator, "operator"), "us-east-1", "kinesisvideo");

    [Fact]
    public void Signed_post_with_body_is_accepted_and_names_the_principal()
    {
        var request = SignedPost("""{"ChannelName":"demo"}""", Operator, Now);

        var result = _verifier.Verify(request, Now.AddSeconds(3));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("operator", result.Principal);
    }

    [Fact]
    public void Changing_the_body_after_signing_is_a_signature_mismatch()
    {
        var request = SignedPost("""{"ChannelName":"demo"}""", Operator, Now) with
        {
            PayloadSha256Hex = SigV4Algorithm.Sha256Hex("""{"ChannelName":"other"}"""),
        };

        Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(request, Now).Failure);
    }

    [Fact]
    public void Wrong_secret_is_a_signature_mismatch()
    {
        var request = SignedPost("{}", Operator with { SecretAccessKey = "guess" }, Now);

        Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(request, Now).Failure);
    }

    [Fact]
    public void Unknown_access_key_is_rejected()
    {
        var request = SignedPost("{}", Operator with { AccessKeyId = "AKIDOTHER" }, Now);

        Assert.Equal(SigV4Failure.UnknownAccessKey, _verifier.Verify(request, Now).Failure);
    }

    [Fact]
    public void Header_signature_older_than_fifteen_minutes_is_expired()
    {
        var request = SignedPost("{}", Operator, Now);

        Assert.Equal(SigV4Failure.RequestExpired, _verifier.Verify(request, Now.AddMinutes(16)).Failure);
    }

    [Fact]
    public void Request_without_any_signature_is_missing_authentication()
    {
        var request = new SigV4Request("POST", "/", [], [new("host", "h")], SigV4Algorithm.EmptyPayloadSha256);

        Assert.Equal(SigV4Failure.MissingAuthentication, _verifier.Verify(request, Now).Failure);
    }

    [Fact]
    public void Presigned_url_verifies_whatever_the_parameter_order()
    {
        var url = Presign(Operator, Now);
        var reversed = SigV4Request.ParseQueryString(url.Query).Reverse().ToList();

        var result = _verifier.Verify(AsWebSocketGet(url) with { Query = reversed }, Now.AddSeconds(10));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public void Presigned_url_is_refused_after_it_expires()
    {
        var url = Presign(Operator, Now);

        Assert.Equal(SigV4Failure.RequestExpired, _verifier.Verify(AsWebSocketGet(url), Now.AddSeconds(300)).Failure);
    }

    [Fact]
    public void Presigned_url_for_another_channel_arn_no_longer_verifies()
    {
        var url = Presign(Operator, Now);
        var query = SigV4Request.ParseQueryString(url.Query)
            .Select(p => p.Key == "X-Amz-ChannelARN" ? new KeyValuePair<string, string>(p.Key, Arn.Replace("demo", "other")) : p)
            .ToList();

        Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(AsWebSocketGet(url) with { Query = query }, Now).Failure);
    }

    [Fact]
    public void Presigned_url_used_on_another_host_no_longer_verifies()
    {
        var url = Presign(Operator, Now);
        var request = AsWebSocketGet(url) with { Headers = [new("Host", "127.0.0.1:9999")] };

        Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(request, Now).Failure);
    }

    [Fact]
    public void Credential_scoped_to_another_service_is_refused()
    {
        var url = SigV4Signer.PresignUrl(Endpoint, [new("X-Amz-ChannelARN", Arn)], Operator, "us-east-1", "s3", Now,
            TimeSpan.FromSeconds(299));

        Assert.Equal(SigV4Failure.WrongScope, _verifier.Verify(AsWebSocketGet(url), Now).Failure);
    }

    [Theory]
    [InlineData("X-Amz-Expires", "0")]
    [InlineData("X-Amz-Expires", "604801")]
    [InlineData("X-Amz-Expires", "ten")]
    [InlineData("X-Amz-Date", "yesterday")]
    [InlineData("X-Amz-Algorithm", "AWS4-HMAC-SHA1")]
    [InlineData("X-Amz-Credential", "AKID/bad")]
    [InlineData("X-Amz-SignedHeaders", "x-amz-date")]
    public void Malformed_presigned_parameters_are_refused_without_throwing(string name, string value)
    {
        var url = Presign(Operator, Now);
        var query = SigV4Request.ParseQueryString(url.Query)
            .Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p).ToList();

        var result = _verifier.Verify(AsWebSocketGet(url) with { Query = query }, Now);

        Assert.False(result.Succeeded);
    }

    private static SigV4Request SignedPost(string body, AwsCredentials credentials, DateTimeOffset time)
    {
        var request = new SigV4Request("POST", "/createSignalingChannel", [],
            [new("host", "127.0.0.1:8443"), new("content-type", "application/json")], SigV4Algorithm.Sha256Hex(body));
        var added = SigV4Signer.SignHeaders(request, credentials, "us-east-1", "kinesisvideo", time);
        return request with { Headers = [.. request.Headers, .. added] };
    }

    private static Uri Presign(AwsCredentials credentials, DateTimeOffset time) =>
        SigV4Signer.PresignUrl(Endpoint, [new("X-Amz-ChannelARN", Arn), new("X-Amz-ClientId", "viewer-1")],
            credentials, "us-east-1", "kinesisvideo", time, TimeSpan.FromSeconds(299));

    private static SigV4Request AsWebSocketGet(Uri url) =>
        new("GET", url.AbsolutePath, SigV4Request.ParseQueryString(url.Query), [new("Host", SigV4Signer.HostHeader(url))],
            SigV4Algorithm.EmptyPayloadSha256);
}
