using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.Shared.Worker;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The worker process as the Pod runs it: its environment checked at start, and the probes' endpoints.</summary>
public sealed class WorkerApplicationTests
{
    /// <summary>A session whose signaling is unreachable: the process runs, the session never gets ready.</summary>
    private static readonly Dictionary<string, string> PodEnvironment = new(SessionVariables.For("wss://127.0.0.1:1"))
    {
        [WorkerEnvironment.MediaAddress] = "127.0.0.1",
        ["urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task A_worker_with_a_bad_variable_refuses_to_start_naming_every_one()
    {
        var environment = new Dictionary<string, string>(PodEnvironment)
        {
            [WorkerEnvironment.OfferLifetimeSeconds] = "0",
            [WorkerEnvironment.SourceChannelWss] = "not a url",
        };
        await using var app = Build(environment);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(WorkerEnvironment.OfferLifetimeSeconds, error.Message);
        Assert.Contains(WorkerEnvironment.SourceChannelWss, error.Message);
    }

    [Fact]
    public async Task The_process_is_healthy_while_the_session_waits_for_signaling_and_not_ready()
    {
        await using var app = Build(PodEnvironment);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(BoundUrl(app)) };

            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("waiting for signaling and media", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static WebApplication Build(Dictionary<string, string> environment) =>
        WorkerApplication.Build([.. environment.Select(e => $"--{e.Key}={e.Value}")], builder =>
        {
            // Nothing answers here: the status writes fail and are retried, which this test does not look at.
            builder.Services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }));
            builder.Services.AddSingleton<IAwsCredentialsSource>(new StaticCredentialsSource(SessionFixture.Operator));
        });

    private static string BoundUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}
