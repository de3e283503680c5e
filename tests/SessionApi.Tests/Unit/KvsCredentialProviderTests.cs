using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.SessionApi.Tests.Unit;

/// <summary>The real AWS SDK STS client against a local fake STS endpoint that records what it was asked.</summary>
public sealed class KvsCredentialProviderTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:kinesisvideo:eu-west-1:123456789012:channel/talk-es/1700000000000";
    private FakeStsEndpoint _sts = null!;

    public async Task InitializeAsync() => _sts = await FakeStsEndpoint.StartAsync();

    private KvsCredentialProvider Provider(string roleArn)
    {
        var options = new CredentialOptions { KvsRoleArn = roleArn, StsServiceUrl = _sts.Url, StsRegion = "eu-west-1" };
        var client = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIDEXAMPLE", "example-secret"),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _sts.Url, AuthenticationRegion = "eu-west-1" });
        return new KvsCredentialProvider(new Lazy<IAmazonSecurityTokenService>(client), Microsoft.Extensions.Options.Options.Create(options));
    }

    [Fact]
    public async Task Assume_role_carries_a_session_policy_for_one_channel_and_the_viewer_role()
    {
        var issued = await Provider("arn:aws:iam::123456789012:role/broadcast-listener")
            .IssueAsync(new SignalingCredentialRequest(Arn, ChannelRole.Viewer, "listener-abc"), CancellationToken.None);

        Assert.Equal(("ASIAFAKEFAKEFAKE", "fake-secret", "fake-session-token"), (issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 15, 0, TimeSpan.Zero), issued.Expiration);
        var request = Assert.Single(_sts.Requests);
        Assert.Equal("AssumeRole", request["Action"]);
        Assert.Equal("arn:aws:iam::123456789012:role/broadcast-listener", request["RoleArn"]);
        Assert.Equal("listener-abc", request["RoleSessionName"]);
        Assert.Equal("900", request["DurationSeconds"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request["Authorization"]);
        var statement = JsonDocument.Parse(request["Policy"]).RootElement.GetProperty("Statement")[0];
        Assert.Equal(Arn, statement.GetProperty("Resource").GetString());
        var actions = statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("kinesisvideo:ConnectAsViewer", actions);
        Assert.DoesNotContain("kinesisvideo:ConnectAsMaster", actions);
    }

    [Fact]
    public async Task Without_a_role_a_federation_token_is_asked_for_with_the_master_policy()
    {
        await Provider("").IssueAsync(new SignalingCredentialRequest(Arn, ChannelRole.Master, "speaker-0123456789abcdef-and-more-to-cut"),
            CancellationToken.None);

        var request = Assert.Single(_sts.Requests);
        Assert.Equal("GetFederationToken", request["Action"]);
        Assert.Equal(32, request["Name"].Length);
        Assert.Contains("kinesisvideo:ConnectAsMaster", request["Policy"]);
        Assert.DoesNotContain("ConnectAsViewer", request["Policy"]);
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();
}
