using System.Net;
using System.Net.Http.Json;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>With `SessionApi:ChannelProvider=kvs`, sessions ask for KVS channels and joins get STS credentials.</summary>
[Collection(ApiCollection.Name)]
public sealed class KvsProviderTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_kvs_session_gets_sts_credentials_scoped_by_a_session_policy()
    {
        await using var sts = await FakeStsEndpoint.StartAsync();
        await using var api = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["SessionApi:ChannelProvider"] = "Kvs",
            ["Credentials:StsServiceUrl"] = sts.Url,
            ["Credentials:KvsRoleArn"] = "arn:aws:iam::111122223333:role/broadcast-signaling",
        });
        var previousKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var previousSecret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDSESSIONAPITEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "sessionapi-test-secret");
        try
        {
            var speaker = api.ClientFor(ApiFixture.NewSubject("yara"), "speaker");
            var id = await fixture.CreateSessionAsync(speaker);
            Assert.Equal(ChannelProvider.Kvs, (await fixture.ReadResourceAsync(id)).Spec.ChannelProvider);
            await fixture.ProvisionAsync(id);

            var joined = await api.ClientFor(ApiFixture.NewSubject("zoe"), "listener").PostAsJsonAsync($"/sessions/{id}/join", new { language = "es" });

            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
            var access = (await joined.Content.ReadFromJsonAsync<ChannelAccessView>())!;
            Assert.Equal("ASIAFAKEFAKEFAKE", access.Credentials.AccessKeyId);
            var request = Assert.Single(sts.Requests);
            Assert.Equal("AssumeRole", request["Action"]);
            var statement = System.Text.Json.JsonDocument.Parse(request["Policy"]).RootElement.GetProperty("Statement")[0];
            Assert.Equal(ApiFixture.ArnOf(id, "es"), statement.GetProperty("Resource").GetString());
            Assert.Contains("kinesisvideo:ConnectAsViewer", statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", previousKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", previousSecret);
        }
    }
}
