using System.Text.RegularExpressions;
using BroadcastOperator.Aws;

namespace BroadcastOperator.Speech.Tests.Aws;

/// <summary>The signing the cloud adapters do, over the shared signer (BroadcastOperator.Aws).</summary>
public class SigV4Tests
{
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Fact]
    public void The_documented_iam_example_gets_the_documented_signature()
    {
        // The worked example of the AWS Signature Version 4 documentation (IAM ListUsers, 2015-08-30 12:36:00Z).
        var request = new SigV4Request("GET", "/", [new("Action", "ListUsers"), new("Version", "2010-05-08")],
            [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("host", "iam.amazonaws.com")],
            SigV4Algorithm.EmptyPayloadSha256);

        var authorization = Authorization(request, "iam", "us-east-1", new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            authorization);
    }

    [Fact]
    public void A_presigned_url_carries_every_signing_parameter_and_a_session_token()
    {
        var credentials = new AwsCredentials("AKID", "secret", "session-token/+=");

        var uri = SigV4Signer.PresignUrl(new Uri("wss://transcribestreaming.eu-west-1.amazonaws.com:8443/stream-transcription-websocket"),
            [new("language-code", "en-US")], credentials, "eu-west-1", "transcribe", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
            TimeSpan.FromMinutes(5));

        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.Equal("AKID/20261127/eu-west-1/transcribe/aws4_request", query["X-Amz-Credential"]);
        Assert.Equal("20261127T100000Z", query["X-Amz-Date"]);
        Assert.Equal("300", query["X-Amz-Expires"]);
        Assert.Equal("host", query["X-Amz-SignedHeaders"]);
        Assert.Equal("session-token/+=", query["X-Amz-Security-Token"]);
        Assert.Equal("en-US", query["language-code"]);
        Assert.Matches(new Regex("^[0-9a-f]{64}$"), query["X-Amz-Signature"]);
        Assert.Equal(8443, uri.Port);
    }

    [Fact]
    public void Changing_any_signed_input_changes_the_signature()
    {
        var time = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        string Sign(string body, string region) => Authorization(new SigV4Request("POST", "/", [],
            [new("x-amz-target", "T"), new("host", "translate.x.amazonaws.com")], SigV4Algorithm.Sha256Hex(body)), "translate", region, time);

        Assert.NotEqual(Sign("{}", "us-east-1"), Sign("{ }", "us-east-1"));
        Assert.NotEqual(Sign("{}", "us-east-1"), Sign("{}", "eu-west-1"));
        Assert.Equal(Sign("{}", "us-east-1"), Sign("{}", "us-east-1"));
    }

    private static string Authorization(SigV4Request request, string service, string region, DateTimeOffset time) =>
        SigV4Signer.SignHeaders(request, Example, region, service, time).Single(h => h.Key == "Authorization").Value;
}
