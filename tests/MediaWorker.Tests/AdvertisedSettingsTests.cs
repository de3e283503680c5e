using System.Net;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Worker;
using Microsoft.Extensions.Configuration;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The worker reads where it binds and what it advertises from the variables the operator's media mode sets.</summary>
public sealed class AdvertisedSettingsTests
{
    internal static WorkerSettings Read(params (string Name, string Value)[] media)
    {
        var env = SessionVariables.For("wss://signaling.example");
        foreach (var (name, value) in media)
        {
            env[name] = value;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(env!).Build().ReadWorkerSettings();
    }

    [Fact]
    public async Task Without_media_variables_the_worker_binds_every_interface_so_a_browser_without_loopback_candidates_can_pair()
    {
        // Firefox gathers no loopback candidate and pairs a loopback remote candidate only with a loopback local one:
        // a worker bound to 127.0.0.1 alone gave it nothing to check (issue 20).
        var settings = Read();

        Assert.Equal(new IPEndPoint(IPAddress.Any, 0), settings.MediaEndPoint);
        Assert.Null(await AdvertisedEndPoint.ResolveAsync(settings, CancellationToken.None));
    }

    [Fact]
    public async Task A_node_port_worker_binds_every_interface_and_advertises_the_node_address_and_port()
    {
        var settings = Read((WorkerEnvironment.MediaAddress, "0.0.0.0"), (WorkerEnvironment.MediaPort, "40000"),
            (WorkerEnvironment.MediaAdvertisedAddress, "203.0.113.7"), (WorkerEnvironment.MediaAdvertisedPort, "31234"));

        Assert.Equal(new IPEndPoint(IPAddress.Any, 40000), settings.MediaEndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 31234), await AdvertisedEndPoint.ResolveAsync(settings, CancellationToken.None));
    }

    [Fact]
    public async Task A_load_balancer_name_is_resolved_to_an_address_for_the_candidates()
    {
        var settings = Read((WorkerEnvironment.MediaAddress, "0.0.0.0"), (WorkerEnvironment.MediaAdvertisedAddress, "localhost"));

        var advertised = await AdvertisedEndPoint.ResolveAsync(settings, CancellationToken.None);

        Assert.True(IPAddress.IsLoopback(advertised!.Address));
        Assert.Equal(0, advertised.Port);
    }

    [Theory]
    [InlineData(WorkerEnvironment.MediaAdvertisedAddress, "not an address!")]
    [InlineData(WorkerEnvironment.MediaAdvertisedPort, "70000")]
    [InlineData(WorkerEnvironment.MediaAdvertisedPort, "-1")]
    public void A_malformed_advertised_value_fails_the_start_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((name, value)));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task An_advertised_port_without_an_address_on_every_interface_is_refused()
    {
        var settings = Read((WorkerEnvironment.MediaAddress, "0.0.0.0"), (WorkerEnvironment.MediaAdvertisedPort, "31234"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AdvertisedEndPoint.ResolveAsync(settings, CancellationToken.None));
        Assert.Contains(WorkerEnvironment.MediaAdvertisedAddress, error.Message);
    }
}
