using BroadcastOperator.Aws;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

[Collection(SignalingServiceCollection.Name)]
public sealed class PinnedCertificateTests(SignalingServiceFixture service)
{
    [Fact]
    public async Task Client_pinning_the_generated_certificate_connects_and_one_pinning_another_is_refused()
    {
        using var pinned = new Shared.Kvs.KvsControlPlaneClient(
            new Shared.Kvs.KvsClientOptions { Endpoint = service.Endpoint, ServerCertificateValidation = Shared.Signaling.PinnedCertificate.FromPemFile(service.CertificateFile) },
            new StaticCredentialsSource(SignalingServiceFixture.Operator));
        using var other = Hosting.CertificateProvider.CreateSelfSigned();
        using var wrong = new Shared.Kvs.KvsControlPlaneClient(
            new Shared.Kvs.KvsClientOptions { Endpoint = service.Endpoint, ServerCertificateValidation = Shared.Signaling.PinnedCertificate.Trust(other) },
            new StaticCredentialsSource(SignalingServiceFixture.Operator));

        Assert.NotNull(await pinned.ListSignalingChannelsAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => wrong.ListSignalingChannelsAsync());
    }
}
