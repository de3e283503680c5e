using BroadcastOperator.Operator.Hosting;
using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Runtime;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>One operator replica, started in-process through <see cref="OperatorHost"/> exactly as Program.cs does.</summary>
public sealed class OperatorInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private OperatorInstance(WebApplication app, string identity)
    {
        _app = app;
        Identity = identity;
    }

    public string Identity { get; }
    public OperatorMetrics Metrics => _app.Services.GetRequiredService<OperatorMetrics>();
    public LeaderElectedController Election => _app.Services.GetRequiredService<LeaderElectedController>();
    public SessionController Controller => _app.Services.GetRequiredService<SessionController>();
    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <param name="handlers">Client-side HTTP handlers between the operator and the API server (fault injection).</param>
    public static async Task<OperatorInstance> StartAsync(ClusterFixture cluster, string ns, string? identity = null,
        IDictionary<string, string?>? settings = null, Func<Kubernetes>? client = null, TimeProvider? time = null)
    {
        identity ??= "op-" + Guid.NewGuid().ToString("N")[..6];
        var all = cluster.OperatorSettings(ns, identity);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = OperatorHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            if (client is not null)
            {
                builder.Services.AddSingleton<IKubernetes>(_ => client());
            }
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new OperatorInstance(app, identity);
    }

    /// <summary>Stops the replica as a pod's graceful termination does: a leader hands the lease back.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
