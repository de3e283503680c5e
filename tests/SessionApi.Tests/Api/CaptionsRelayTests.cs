using System.Net;
using System.Net.Http.Json;
using BroadcastOperator.SessionApi.Credentials;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>Captions reach browsers through SessionApi's relay, opened with the ticket a join hands out.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaptionsRelayTests(ApiFixture fixture)
{
    [Fact]
    public async Task Joined_listener_reads_the_workers_caption_events_through_the_relay()
    {
        await using var worker = await FakeWorker.StartAsync();
        var (id, access) = await JoinAsync("ca", worker.Url);

        using var response = await fixture.Api.CreateClient().GetAsync(access.CaptionsUrl, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var received = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.Any(l => l.StartsWith("data:", StringComparison.Ordinal)))
        {
            received.Add(await reader.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("stream ended early"));
        }
        Assert.Contains(received, l => l.Contains("\"text\":\"bon dia\"", StringComparison.Ordinal));
        Assert.Equal("/captions?language=ca", await worker.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.StartsWith($"http://localhost/sessions/{id}/captions?language=ca&expires=", access.CaptionsUrl);
    }

    [Fact]
    public async Task A_ticket_opens_only_its_own_session_and_language()
    {
        await using var worker = await FakeWorker.StartAsync();
        var (id, access) = await JoinAsync("ca", worker.Url);
        var client = fixture.Api.CreateClient();

        var otherLanguage = access.CaptionsUrl.Replace("language=ca", "language=es", StringComparison.Ordinal);
        var later = System.Text.RegularExpressions.Regex.Replace(access.CaptionsUrl, "expires=([0-9]+)", m => $"expires={long.Parse(m.Groups[1].Value) + 3600}");
        var forged = access.CaptionsUrl[..^4] + "AAAA";
        var noTicket = $"/sessions/{id}/captions?language=ca";

        foreach (var url in new[] { otherLanguage, later, forged, noTicket })
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("ticket", await response.Content.ReadAsStringAsync());
        }
        Assert.False(worker.FirstRequest.Task.IsCompleted);
    }

    [Fact]
    public async Task Unreachable_worker_is_a_503_with_retry_after()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var (_, access) = await JoinAsync("es", $"http://127.0.0.1:{closedPort}");

        using var response = await fixture.Api.CreateClient().GetAsync(access.CaptionsUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private async Task<(string Id, ChannelAccessView Access)> JoinAsync(string language, string workerUrl)
    {
        var speaker = fixture.Api.ClientFor(ApiFixture.NewSubject("nora"), "speaker");
        var id = await fixture.CreateSessionAsync(speaker);
        await fixture.ProvisionAsync(id, workerService: workerUrl);
        var joined = await fixture.Api.ClientFor(ApiFixture.NewSubject("otto"), "listener")
            .PostAsJsonAsync($"/sessions/{id}/join", new { language });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        return (id, (await joined.Content.ReadFromJsonAsync<ChannelAccessView>())!);
    }

    /// <summary>A worker's /captions: one caption event, then the stream stays open like the real one.</summary>
    private sealed class FakeWorker : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeWorker(WebApplication app) => _app = app;

        public TaskCompletionSource<string> FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Url => _app.Urls.Single();

        public static async Task<FakeWorker> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var worker = new FakeWorker(app);
            app.MapGet("/captions", async (HttpContext context) =>
            {
                worker.FirstRequest.TrySetResult(context.Request.Path + context.Request.QueryString);
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("event: final\nid: 1\ndata: {\"language\":\"ca\",\"text\":\"bon dia\",\"final\":true}\n\n");
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            });
            await app.StartAsync();
            return worker;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(TimeSpan.FromSeconds(2));
            await _app.DisposeAsync();
        }
    }
}
