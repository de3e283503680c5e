using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Speech.Tests.Aws;

/// <summary>
/// An in-process Kestrel on loopback standing in for an AWS endpoint: records every request (headers, body,
/// query) and answers with whatever the test maps. Checks that requests are SigV4-signed and well-formed.
/// </summary>
public sealed partial class FakeAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAwsServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<FakeAwsServer> StartAsync(Action<WebApplication, FakeAwsServer> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeAwsServer(app);
        app.UseWebSockets();
        map(app, server);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            body.ToArray());
        Requests.Enqueue(recorded);
        return recorded;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record RecordedRequest(string Method, string Path, Dictionary<string, string> Headers, Dictionary<string, string> Query, byte[] Body)
    {
        /// <summary>True when the Authorization header is a well-formed SigV4 header for the service, signing host and x-amz-date.</summary>
        public bool IsSignedFor(string service, string region)
        {
            if (!Headers.TryGetValue("authorization", out var authorization))
            {
                return false;
            }

            var match = AuthorizationPattern().Match(authorization);
            return match.Success
                && match.Groups["scope"].Value == $"{Headers["x-amz-date"][..8]}/{region}/{service}/aws4_request"
                && match.Groups["signed"].Value.Split(';').Contains("host")
                && match.Groups["signed"].Value.Split(';').Contains("x-amz-date");
        }
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<scope>\d{8}/[a-z0-9-]+/[a-z]+/aws4_request), SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();
}
