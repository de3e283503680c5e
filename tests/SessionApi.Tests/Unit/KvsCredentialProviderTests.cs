using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.SessionApi.Tests.Unit;

/// <summary>The real AWS SDK STS client against a local fake STS endpoint that records what it was asked.</summary>
public sealed class KvsCredentialProviderTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:kinesisvideo:eu-west-1:123456789012:channel/talk-es/1700000000000";
    private readonly List<Dictionary<string, string>> _requests = [];
    private WebApplication _sts = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _sts = builder.Build();
        _sts.MapPost("/", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            fields["Authorization"] = request.Headers.Authorization.ToString();
            lock (_requests)
            {
                _requests.Add(fields);
            }
            return Results.Text(Response(fields["Action"]), "text/xml");
        });
        await _sts.StartAsync();
        _url = _sts.Urls.First();
    }

    private static string Response(string action) => $"""
        <{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <{action}Result>
            <Credentials>
              <AccessKeyId>ASIAFAKEFAKEFAKE</AccessKeyId>
              <SecretAccessKey>fake-secret</SecretAccessKey>
              <SessionToken>fake-session-token</SessionToken>
              <Expiration>2030-01-01T00:15:00Z</Expiration>
            </Credentials>
          </{action}Result>
          <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
        </{action}Response>
        """;

    private KvsCredentialProvider Provider(string roleArn)
    {
        var options = new CredentialOptions { KvsRoleArn = roleArn, StsServiceUrl = _url, StsRegion = "eu-west-1" };
        var client = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIDEXAMPLE", "example-secret"),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _url, AuthenticationRegion = "eu-west-1" });
        return new KvsCredentialProvider(new Lazy<IAmazonSecurityTokenService>(client), Microsoft.Extensions.Options.Options.Create(options));
    }

    [Fact]
    public async Task Assume_role_carries_a_session_policy_for_one_channel_and_the_viewer_role()
    {
        var issued = await Provider("arn:aws:iam::123456789012:role/broadcast-listener")
            .IssueAsync(new SignalingCredentialRequest(Arn, ChannelRole.Viewer, "listener-abc"), CancellationToken.None);

        Assert.Equal(("ASIAFAKEFAKEFAKE", "fake-secret", "fake-session-token"), (issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 15, 0, TimeSpan.Zero), issued.Expiration);
        var request = Assert.Single(_requests);
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

        var request = Assert.Single(_requests);
        Assert.Equal("GetFederationToken", request["Action"]);
        Assert.Equal(32, request["Name"].Length);
        Assert.Contains("kinesisvideo:ConnectAsMaster", request["Policy"]);
        Assert.DoesNotContain("ConnectAsViewer", request["Policy"]);
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();
}
