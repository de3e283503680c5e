using System.Globalization;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>
/// What the media mode asks of one session: the UDP Service to create (nodePort, loadBalancer), the
/// media variables of the worker (bind 0.0.0.0:port, advertise address:port in SDP candidates), and
/// what the worker still waits for. The pod waits for its Service's nodePort or ingress address,
/// since its advertised address is fixed at start; the Service's watch event brings the session back.
/// </summary>
public sealed record MediaPlan(V1Service? Service, IReadOnlyList<V1EnvVar> Env, string? WaitingFor, bool HostNetwork);

public static class MediaReachability
{
    public const string PortName = "media";
    private const string AnyAddress = "0.0.0.0";

    public static MediaPlan Plan(BroadcastSession session, WorkerMedia media, V1Service? observedService)
    {
        var port = Text(media.Port);
        switch (media.Mode)
        {
            case WorkerMediaMode.HostNetwork:
                return new MediaPlan(null, [.. Bind(port), NodeAddress(media)], null, HostNetwork: true);
            case WorkerMediaMode.Turn:
                return new MediaPlan(null, [.. Bind(port), FieldVar(WorkerEnvironment.MediaAdvertisedAddress, "status.podIP")], null, false);
            case WorkerMediaMode.NodePort:
                {
                    var service = Service(session, media, "NodePort");
                    var nodePort = observedService?.Spec?.Ports?.FirstOrDefault(p => p.Name == PortName)?.NodePort;
                    return nodePort is > 0
                        ? new MediaPlan(service, [.. Bind(port), NodeAddress(media), Var(WorkerEnvironment.MediaAdvertisedPort, Text(nodePort.Value))], null, false)
                        : new MediaPlan(service, [], $"Waiting for Service {service.Metadata.Name} to get a UDP nodePort", false);
                }
            case WorkerMediaMode.LoadBalancer:
                {
                    var service = Service(session, media, "LoadBalancer");
                    var ingress = observedService?.Status?.LoadBalancer?.Ingress?.FirstOrDefault(i => !string.IsNullOrEmpty(i.Ip) || !string.IsNullOrEmpty(i.Hostname));
                    return ingress is not null
                        ? new MediaPlan(service, [.. Bind(port), Var(WorkerEnvironment.MediaAdvertisedAddress, string.IsNullOrEmpty(ingress.Ip) ? ingress.Hostname : ingress.Ip),
                        Var(WorkerEnvironment.MediaAdvertisedPort, port)], null, false)
                        : new MediaPlan(service, [], $"Waiting for LoadBalancer Service {service.Metadata.Name} to get an external address", false);
                }
            default:
                // The worker binds its default, every interface, and advertises each interface's address (the local runner's).
                return new MediaPlan(null, [], null, false);
        }
    }

    /// <summary>The per-worker UDP Service; separate from the HTTP Service so captions never leave the cluster network.</summary>
    public static V1Service Service(BroadcastSession session, WorkerMedia media, string type)
    {
        var loadBalancer = type == "LoadBalancer";
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = WorkerResources.MediaServiceName(session.Metadata.Name),
                NamespaceProperty = session.Metadata.NamespaceProperty,
                Labels = WorkerResources.Labels(session),
                Annotations = loadBalancer && media.ServiceAnnotations.Count > 0 ? new Dictionary<string, string>(media.ServiceAnnotations) : null,
                OwnerReferences = [WorkerResources.OwnerReference(session)],
            },
            Spec = new V1ServiceSpec
            {
                Type = type,
                // Local keeps the browser's source address (the mux routes by it) and, when the node's own
                // address is advertised, sends the traffic straight to the node running the worker.
                ExternalTrafficPolicy = loadBalancer || media.NodeAddress is null ? "Local" : "Cluster",
                Selector = WorkerResources.Selector(session),
                Ports = [new V1ServicePort { Name = PortName, Protocol = "UDP", Port = media.Port, TargetPort = media.Port }],
            },
        };
    }

    /// <summary>Every interface, so traffic to the node, pod or load-balancer address all reach the socket.</summary>
    private static V1EnvVar[] Bind(string port) => [Var(WorkerEnvironment.MediaAddress, AnyAddress), Var(WorkerEnvironment.MediaPort, port)];

    private static V1EnvVar NodeAddress(WorkerMedia media) => media.NodeAddress is { Length: > 0 } address
        ? Var(WorkerEnvironment.MediaAdvertisedAddress, address)
        : FieldVar(WorkerEnvironment.MediaAdvertisedAddress, "status.hostIP");

    private static V1EnvVar Var(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FieldVar(string name, string fieldPath) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = fieldPath } } };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
