using BroadcastOperator.Aws;

namespace BroadcastOperator.Aws.Tests.SigV4;

/// <summary>
/// Vectors of AWS's SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1,
/// service "service") and of the S3 presigned-URL example, rebuilt from the documented algorithm.
/// </summary>
public sealed class SigV4VectorTests
{
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Get_vanilla_matches_the_published_signature()
    {
        var request = new SigV4Request("GET", "/", [], [new("Host", "example.amazonaws.com")], SigV4Algorithm.EmptyPayloadSha256);

        var authorization = Authorization(request);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
            "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            authorization);
    }

    [Fact]
    public void Get_vanilla_canonical_request_has_the_documented_layout()
    {
        var request = new SigV4Request("GET", "/", [],
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], SigV4Algorithm.EmptyPayloadSha256);

        var canonical = SigV4Algorithm.CanonicalRequest(request, ["host", "x-amz-date"]);

        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
                     SigV4Algorithm.EmptyPayloadSha256, canonical);
        Assert.Equal("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", SigV4Algorithm.Sha256Hex(canonical));
    }

    [Fact]
    public void Query_parameters_are_sorted_by_name_whatever_the_order_sent()
    {
        var request = new SigV4Request("GET", "/", SigV4Request.ParseQueryString("Param2=value2&Param1=value1"),
            [new("Host", "example.amazonaws.com")], SigV4Algorithm.EmptyPayloadSha256);

        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", Authorization(request));
    }

    [Fact]
    public void Post_vanilla_matches_the_published_signature()
    {
        var request = new SigV4Request("POST", "/", [], [new("Host", "example.amazonaws.com")], SigV4Algorithm.EmptyPayloadSha256);

        Assert.EndsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", Authorization(request));
    }

    [Fact]
    public void S3_presigned_get_example_matches_the_published_signature()
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        var time = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
        var scope = CredentialScope.For(time, "us-east-1", "s3");
        var request = new SigV4Request("GET", "/test.txt",
        [
            new("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            new("X-Amz-Credential", $"AKIAIOSFODNN7EXAMPLE/{scope}"),
            new("X-Amz-Date", "20130524T000000Z"),
            new("X-Amz-Expires", "86400"),
            new("X-Amz-SignedHeaders", "host"),
        ], [new("host", "examplebucket.s3.amazonaws.com")], "UNSIGNED-PAYLOAD");

        var canonical = SigV4Algorithm.CanonicalRequest(request, ["host"]);
        var signature = SigV4Algorithm.Signature(credentials.SecretAccessKey, scope,
            SigV4Algorithm.StringToSign("20130524T000000Z", scope, canonical));

        Assert.Equal("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", signature);
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("-_.~", "-_.~")]
    [InlineData("!'()*", "%21%27%28%29%2A")]
    [InlineData("arn:aws:kinesisvideo:us-east-1:1:channel/x/1", "arn%3Aaws%3Akinesisvideo%3Aus-east-1%3A1%3Achannel%2Fx%2F1")]
    [InlineData("é", "%C3%A9")]
    public void Uri_encoding_keeps_only_unreserved_characters(string value, string expected) =>
        Assert.Equal(expected, SigV4Encoding.UriEncode(value));

    private static string Authorization(SigV4Request request) =>
        SigV4Signer.SignHeaders(request, Example, "us-east-1", "service", SuiteTime)
            .Single(h => h.Key == "Authorization").Value;
}
