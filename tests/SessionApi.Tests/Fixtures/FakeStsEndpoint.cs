using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>A local stand-in for AWS STS (query protocol, XML answers) that records every form it receives.</summary>
public sealed class FakeStsEndpoint : IAsyncDisposable
{
    private readonly List<Dictionary<string, string>> _requests = [];
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Dictionary<string, string>> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeStsEndpoint> StartAsync()
    {
        var sts = new FakeStsEndpoint();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        sts._app = builder.Build();
        sts._app.MapPost("/", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            fields["Authorization"] = request.Headers.Authorization.ToString();
            lock (sts._requests)
            {
                sts._requests.Add(fields);
            }
            return Results.Text(Response(fields.GetValueOrDefault("Action") ?? "Unknown"), "text/xml");
        });
        await sts._app.StartAsync();
        sts.Url = sts._app.Urls.First();
        return sts;
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
