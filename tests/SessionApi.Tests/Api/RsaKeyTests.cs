using System.Net;
using System.Security.Cryptography;
using System.Text;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>A static RSA key from a PEM file: RS256 tokens pass; the classic HS256-with-the-public-key forgery does not.</summary>
[Collection(ApiCollection.Name)]
public sealed class RsaKeyTests(ApiFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sessionapi-rsa-").FullName;

    [Fact]
    public async Task Rs256_tokens_are_accepted_and_hs256_signed_with_the_public_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        var keyFile = Path.Combine(_directory, "jwt-public.pem");
        await File.WriteAllTextAsync(keyFile, publicPem);
        await using var api = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = null,
            ["Auth:SigningKeyFile"] = keyFile,
        });
        var subject = ApiFixture.NewSubject("rsa");
        var genuine = TestTokens.Create(subject, ["speaker"], key: new RsaSecurityKey(rsa.ExportParameters(true)), algorithm: SecurityAlgorithms.RsaSha256);
        var forged = TestTokens.Create(subject, ["speaker"], key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes(publicPem)));

        Assert.Equal(HttpStatusCode.OK, (await api.ClientWithToken(genuine).GetAsync("/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.ClientWithToken(forged).GetAsync("/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.ClientFor(subject, "speaker").GetAsync("/sessions")).StatusCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
