using BroadcastOperator.Aws;

namespace BroadcastOperator.Aws.Tests.SigV4;

/// <summary>Sign-then-verify over random parameter names and values (spaces, reserved characters, Unicode).</summary>
public sealed class SigV4RoundTripTests
{
    private const string Alphabet = "abcXYZ019 -_.~!*'()+=&/:%?#@é漢😀";
    private static readonly AwsCredentials Credentials = new("AKIDROUNDTRIP", "secret/with+chars=");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly SigV4Verifier _verifier = new(new StaticCredentialResolver(Credentials, "p"), "us-east-1", "kinesisvideo");

    [Fact]
    public void Random_presigned_urls_verify_and_any_changed_value_does_not()
    {
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var parameters = Enumerable.Range(0, random.Next(1, 5))
                .Select(n => new KeyValuePair<string, string>("P" + n + RandomText(random, 4), RandomText(random, random.Next(0, 12))))
                .ToList();
            var url = SigV4Signer.PresignUrl(new Uri("wss://127.0.0.1:8443/path"), parameters, Credentials, "us-east-1", "kinesisvideo",
                Now, TimeSpan.FromSeconds(60));
            var request = new SigV4Request("GET", url.AbsolutePath, SigV4Request.ParseQueryString(url.Query),
                [new("Host", SigV4Signer.HostHeader(url))], SigV4Algorithm.EmptyPayloadSha256);

            Assert.True(_verifier.Verify(request, Now).Succeeded, url.ToString());

            var changed = request.Query.Select(p => p.Key == parameters[0].Key ? new KeyValuePair<string, string>(p.Key, p.Value + "x") : p).ToList();
            Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(request with { Query = changed }, Now).Failure);
        }
    }

    [Fact]
    public void Random_signed_posts_verify_and_a_changed_header_does_not()
    {
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var body = RandomText(random, random.Next(0, 40));
            var request = new SigV4Request("POST", "/describeSignalingChannel", [],
                [new("host", "127.0.0.1:8443"), new("content-type", "application/json"), new("x-amz-meta", "  a   b " + RandomText(random, 5))],
                SigV4Algorithm.Sha256Hex(body));
            var signed = request with { Headers = [.. request.Headers, .. SigV4Signer.SignHeaders(request, Credentials, "us-east-1", "kinesisvideo", Now)] };

            Assert.True(_verifier.Verify(signed, Now).Succeeded);

            var tampered = signed with { Headers = signed.Headers.Select(h => h.Key == "content-type" ? new KeyValuePair<string, string>(h.Key, "text/plain") : h).ToList() };
            Assert.Equal(SigV4Failure.SignatureMismatch, _verifier.Verify(tampered, Now).Failure);
        }
    }

    private static string RandomText(Random random, int length)
    {
        var runes = Alphabet.EnumerateRunes().ToArray();
        return string.Concat(Enumerable.Range(0, length).Select(_ => runes[random.Next(runes.Length)].ToString()));
    }
}
