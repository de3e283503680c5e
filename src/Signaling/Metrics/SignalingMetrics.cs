using BroadcastOperator.Shared.Signaling;
using Prometheus;

namespace BroadcastOperator.Signaling.Metrics;

/// <summary>The service's Prometheus metrics, in a registry of its own so that hosts in one process stay apart.</summary>
public sealed class SignalingMetrics
{
    public SignalingMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // The process's own figures (managed heap, threads, handles) as the default registry has them: leaks show there.
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Channels = factory.CreateGauge("signaling_channels", "Signaling channels that exist.");
        Connections = factory.CreateGauge("signaling_connections", "Open WebSocket connections by role.", "role");
        Messages = factory.CreateCounter("signaling_messages_total", "Messages delivered, by message type.", "type");
        Rejections = factory.CreateCounter("signaling_rejections_total",
            "Requests, connections and messages refused, by reason and by the role connected or asked for (none: control plane).",
            "reason", "role");
    }

    public CollectorRegistry Registry { get; }

    public Gauge Channels { get; }

    public Gauge Connections { get; }

    public Counter Messages { get; }

    public Counter Rejections { get; }

    /// <summary>The role label of refusals outside the data plane (the control plane, a request that is no WebSocket).</summary>
    public const string NoRole = "none";

    public void Reject(string reason, ChannelRole? role) => Rejections.WithLabels(reason, role?.ToWire() ?? NoRole).Inc();
}
