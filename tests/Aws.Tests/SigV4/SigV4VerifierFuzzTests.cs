using BroadcastOperator.TestSupport.Fuzzing;

namespace BroadcastOperator.Aws.Tests.SigV4;

/// <summary>
/// The verifier given junk Authorization headers and presigned query strings built from real ones: it answers with a
/// failure (never throws) and never lets a changed request through.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class SigV4VerifierFuzzTests
{
    private static readonly AwsCredentials Credentials = new("AKIDFUZZ", "fuzz-secret");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly SigV4Verifier _verifier = new(new StaticCredentialResolver(Credentials, "p"), "us-east-1", "kinesisvideo");

    [Fact]
    public void Junk_authorization_headers_are_refused_without_throwing()
    {
        var seed = FuzzRun.Seed(1811);
        var cases = FuzzRun.Cases(5000);
        var fuzz = new TextFuzz(new Random(seed));
        var request = new SigV4Request("POST", "/describeSignalingChannel", [], [new("host", "127.0.0.1:8443")], SigV4Algorithm.Sha256Hex("{}"));
        var signed = request with { Headers = [.. request.Headers, .. SigV4Signer.SignHeaders(request, Credentials, "us-east-1", "kinesisvideo", Now)] };
        Assert.True(_verifier.Verify(signed, Now).Succeeded);
        var authorization = signed.Header("Authorization")!;
        var date = signed.Header("X-Amz-Date")!;

        var accepted = 0;
        for (var i = 0; i < cases; i++)
        {
            var junkDate = i % 5 == 0 ? fuzz.Next(date) : date;
            var junk = fuzz.Next(authorization);
            var headers = signed.Headers.Select(h => h.Key switch
            {
                "Authorization" => new KeyValuePair<string, string>(h.Key, junk),
                "X-Amz-Date" => new KeyValuePair<string, string>(h.Key, junkDate),
                _ => h,
            }).ToList();

            var result = Verify(signed with { Headers = headers }, $"seed {seed} case {i}: {junk}");
            // Only the same components may pass, in any order (the header is read by name).
            if (result.Succeeded)
            {
                Assert.True(Components(junk) == Components(authorization) && junkDate == date, $"seed {seed} case {i}: accepted a changed header: {junk}");
                accepted++;
            }
        }

        FuzzRun.Report("sigv4-authorization-header", cases, seed, $"{accepted} accepted with the same components");
    }

    [Fact]
    public void Junk_presigned_query_strings_are_refused_without_throwing()
    {
        var seed = FuzzRun.Seed(1812);
        var cases = FuzzRun.Cases(5000);
        var fuzz = new TextFuzz(new Random(seed));
        var url = SigV4Signer.PresignUrl(new Uri("wss://127.0.0.1:8443/"),
            [new("X-Amz-ChannelARN", "arn:aws:kinesisvideo:us-east-1:111122223333:channel/fuzz/1"), new("X-Amz-ClientId", "viewer-1")],
            Credentials, "us-east-1", "kinesisvideo", Now, TimeSpan.FromSeconds(300));
        var query = url.Query;

        for (var i = 0; i < cases; i++)
        {
            var junk = fuzz.Next(query);
            var request = new SigV4Request("GET", "/", SigV4Request.ParseQueryString(junk), [new("Host", SigV4Signer.HostHeader(url))],
                SigV4Algorithm.EmptyPayloadSha256);
            var result = Verify(request, $"seed {seed} case {i}: {junk}");
            if (result.Succeeded)
            {
                // Reordered parameters or an added '&' keep the same signed set: that is the same request.
                Assert.Equal(SigV4Request.ParseQueryString(query).OrderBy(p => p.Key).ThenBy(p => p.Value),
                    request.Query.OrderBy(p => p.Key).ThenBy(p => p.Value));
            }
        }

        FuzzRun.Report("sigv4-presigned-query", cases, seed);
    }

    private static string Components(string header) =>
        string.Join("|", header.Split(',').Select(p => p.Trim()).Order(StringComparer.Ordinal));

    private SigV4VerificationResult Verify(SigV4Request request, string what)
    {
        try
        {
            return _verifier.Verify(request, Now);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: the verifier threw {e}");
            throw;
        }
    }
}
