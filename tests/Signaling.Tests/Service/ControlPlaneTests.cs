using System.Text;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

[Collection(SignalingServiceCollection.Name)]
public sealed class ControlPlaneTests(SignalingServiceFixture service)
{
    [Fact]
    public async Task Created_channel_is_described_listed_given_endpoints_and_deleted()
    {
        using var client = service.ControlPlane();
        var name = $"lifecycle-{Guid.NewGuid():N}";

        var arn = await client.CreateSignalingChannelAsync(name, new Dictionary<string, string> { ["session"] = "s1" });
        var described = await client.DescribeSignalingChannelAsync(name: name);
        var listed = await client.ListSignalingChannelsAsync(namePrefix: "lifecycle-");
        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Viewer);
        await client.DeleteSignalingChannelAsync(arn, described!.Version);

        Assert.Matches($"^arn:aws:kinesisvideo:us-east-1:111122223333:channel/{name}/[0-9]{{13}}$", arn);
        Assert.Equal(arn, described.Arn);
        Assert.Equal("ACTIVE", described.Status);
        Assert.Equal("SINGLE_MASTER", described.Type);
        Assert.Contains(listed, c => c.Arn == arn);
        Assert.Equal(service.WssEndpoint.ToString().TrimEnd('/'), endpoints.Wss!.ToString().TrimEnd('/'));
        Assert.Equal(service.Endpoint.ToString().TrimEnd('/'), endpoints.Https!.ToString().TrimEnd('/'));
        Assert.Null(await client.DescribeSignalingChannelAsync(arn: arn));
    }

    [Fact]
    public async Task Creating_an_existing_name_is_resource_in_use()
    {
        using var client = service.ControlPlane();
        var name = $"dup-{Guid.NewGuid():N}";
        await client.CreateSignalingChannelAsync(name);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateSignalingChannelAsync(name));

        Assert.Equal("ResourceInUseException", error.ErrorType);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Deleting_with_a_stale_version_is_a_version_mismatch_and_keeps_the_channel()
    {
        using var client = service.ControlPlane();
        var arn = await service.CreateChannelAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeleteSignalingChannelAsync(arn, "stale-version"));

        Assert.Equal("VersionMismatchException", error.ErrorType);
        Assert.NotNull(await client.DescribeSignalingChannelAsync(arn: arn));
    }

    [Fact]
    public async Task Deleting_a_missing_channel_is_resource_not_found()
    {
        using var client = service.ControlPlane();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.DeleteSignalingChannelAsync("arn:aws:kinesisvideo:us-east-1:111122223333:channel/nope/1"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("ResourceNotFoundException", error.ErrorType);
    }

    [Fact]
    public async Task Invalid_channel_name_is_an_invalid_argument()
    {
        using var client = service.ControlPlane();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateSignalingChannelAsync("has spaces"));

        Assert.Equal("InvalidArgumentException", error.ErrorType);
    }

    [Fact]
    public async Task Wrong_secret_is_refused_with_403_and_creates_nothing()
    {
        using var client = service.ControlPlane(SignalingServiceFixture.Operator with { SecretAccessKey = "wrong" });
        var name = $"forged-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateSignalingChannelAsync(name));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("InvalidSignatureException", error.ErrorType);
        using var honest = service.ControlPlane();
        Assert.Null(await honest.DescribeSignalingChannelAsync(name: name));
    }

    [Fact]
    public async Task Scoped_viewer_credential_may_use_its_channel_but_not_administer()
    {
        var arn = await service.CreateChannelAsync();
        var other = await service.CreateChannelAsync();
        var viewer = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1").ToAwsCredentials();
        using var client = service.ControlPlane(viewer);

        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Viewer);
        var ice = await client.GetIceServerConfigAsync(endpoints.Https!, arn, "listener-1");
        var masterEndpoint = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Master));
        var otherChannel = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetSignalingChannelEndpointAsync(other, ChannelRole.Viewer));
        var delete = await Assert.ThrowsAsync<AwsServiceException>(() => client.DeleteSignalingChannelAsync(arn));

        Assert.NotNull(endpoints.Wss);
        Assert.Equal(2, ice.Count);
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"], ice[1].Uris);
        Assert.All([masterEndpoint, otherChannel, delete], e => Assert.Equal("AccessDeniedException", e.ErrorType));
        using var admin = service.ControlPlane();
        Assert.NotNull(await admin.DescribeSignalingChannelAsync(arn: arn));
    }

    [Fact]
    public async Task Ice_server_config_mints_a_turn_credential_for_the_callers_own_client_id_and_lifetime()
    {
        var arn = await service.CreateChannelAsync();
        var viewer = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-4", TimeSpan.FromMinutes(10));
        using var client = service.ControlPlane(viewer.ToAwsCredentials());
        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Viewer);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // A scoped caller asking for someone else's client id still gets a credential for its own.
        var servers = await client.GetIceServerConfigAsync(endpoints.Https!, arn, "listener-someone-else");
        var (stun, first) = (servers[0], servers[1]);
        var second = (await client.GetIceServerConfigAsync(endpoints.Https!, arn, "listener-4"))[1];

        Assert.Equal("stun:127.0.0.1:3478", stun.Uris.Single());
        Assert.Null(stun.Username);
        Assert.Null(stun.Password);
        var (expiry, clientId) = SplitUsername(first.Username!);
        Assert.Equal("listener-4", clientId);
        Assert.InRange(expiry, before + 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600);
        Assert.Equal(600, first.TtlSeconds);
        Assert.Equal(TurnRestPassword(SignalingServiceFixture.TurnSecret, first.Username!), first.Password);
        Assert.Equal(TurnRestPassword(SignalingServiceFixture.TurnSecret, second.Username!), second.Password);
    }

    [Fact]
    public async Task Operator_gets_turn_credentials_for_the_client_id_it_names()
    {
        var arn = await service.CreateChannelAsync();
        using var client = service.ControlPlane();
        var endpoints = await client.GetSignalingChannelEndpointAsync(arn, ChannelRole.Master);

        var turn = (await client.GetIceServerConfigAsync(endpoints.Https!, arn, "worker-7"))[1];

        Assert.Equal("worker-7", SplitUsername(turn.Username!).ClientId);
        Assert.Equal(300, turn.TtlSeconds);
    }

    private static (long Expiry, string ClientId) SplitUsername(string username)
    {
        var parts = username.Split(':');
        Assert.Equal(2, parts.Length);
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]);
    }

    // The TURN REST password as coturn computes it, written out here rather than borrowed from the minter under test.
    private static string TurnRestPassword(string secret, string username) =>
        Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));

    [Fact]
    public async Task Operator_credentials_are_written_in_shared_credentials_format()
    {
        var written = SharedCredentialsProfile.Read(service.CredentialsFile, "broadcast-local");

        Assert.Equal(SignalingServiceFixture.Operator, written);
        using var client = new KvsControlPlaneClient(
            new KvsClientOptions { Endpoint = service.Endpoint, ServerCertificateValidation = SignalingServiceFixture.TrustAll },
            new StaticCredentialsSource(written!));
        Assert.NotNull(await client.ListSignalingChannelsAsync());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Health_readiness_and_metrics_are_served()
    {
        await service.CreateChannelAsync();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = service.Endpoint };

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Equal("ready", await http.GetStringAsync("/readyz"));
        var metrics = await service.MetricsAsync();
        Assert.Matches(@"signaling_channels [1-9]", metrics);
    }
}
