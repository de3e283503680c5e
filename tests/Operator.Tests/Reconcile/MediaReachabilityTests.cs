using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>Each media mode gives the worker a bind address and the address:port its SDP candidates advertise.</summary>
public sealed class MediaReachabilityTests
{
    private static readonly DateTime Now = Sessions.Created.AddMinutes(1);

    private static PlannerSettings With(WorkerMediaMode mode, string? nodeAddress = null, int port = 40000,
        Dictionary<string, string>? annotations = null) =>
        Sessions.Settings with { Worker = Sessions.Settings.Worker with { Media = new WorkerMedia(mode, nodeAddress, port, annotations ?? []) } };

    /// <summary>The plan with the channels in place; once a media Service exists, so does the HTTP Service created with it.</summary>
    private static SessionPlan Plan(BroadcastSession session, PlannerSettings settings, V1Service? mediaService = null) =>
        SessionPlanner.Plan(session, new ObservedSession(Sessions.AllChannels(session), null,
            mediaService is null ? null : WorkerResources.Service(session, settings.Worker), mediaService), settings, Now);

    private static Dictionary<string, V1EnvVar> Env(V1Pod pod) => Assert.Single(pod.Spec.Containers).Env.ToDictionary(e => e.Name);

    private static string? FieldPath(V1EnvVar variable) => variable.ValueFrom?.FieldRef?.FieldPath;

    [Fact]
    public void Without_a_mode_the_worker_keeps_its_default_address_as_the_local_runner_needs()
    {
        var plan = Plan(Sessions.New(), Sessions.Settings);

        var pod = Assert.Single(plan.Actions.OfType<CreatePod>()).Pod;
        var env = Env(pod);
        Assert.DoesNotContain(WorkerEnvironment.MediaAddress, env.Keys);
        Assert.DoesNotContain(WorkerEnvironment.MediaAdvertisedAddress, env.Keys);
        // The local runner copies only literal values: no variable may need the downward API.
        Assert.All(env.Values, v => Assert.Null(v.ValueFrom));
        Assert.Null(pod.Spec.HostNetwork);
        Assert.Single(plan.Actions.OfType<CreateService>());
    }

    [Fact]
    public void Host_network_mode_uses_the_nodes_network_and_advertises_the_node_address_from_the_downward_api()
    {
        var pod = Assert.Single(Plan(Sessions.New(), With(WorkerMediaMode.HostNetwork, port: 0)).Actions.OfType<CreatePod>()).Pod;

        Assert.True(pod.Spec.HostNetwork);
        Assert.Equal("ClusterFirstWithHostNet", pod.Spec.DnsPolicy);
        var env = Env(pod);
        Assert.Equal("0.0.0.0", env[WorkerEnvironment.MediaAddress].Value);
        Assert.Equal("0", env[WorkerEnvironment.MediaPort].Value);
        Assert.Equal("status.hostIP", FieldPath(env[WorkerEnvironment.MediaAdvertisedAddress]));
        Assert.DoesNotContain(WorkerEnvironment.MediaAdvertisedPort, env.Keys);
    }

    [Fact]
    public void A_configured_node_address_is_advertised_instead_of_the_host_ip()
    {
        var pod = Assert.Single(Plan(Sessions.New(), With(WorkerMediaMode.HostNetwork, "203.0.113.7")).Actions.OfType<CreatePod>()).Pod;

        Assert.Equal("203.0.113.7", Env(pod)[WorkerEnvironment.MediaAdvertisedAddress].Value);
    }

    [Fact]
    public void Node_port_mode_creates_a_udp_node_port_service_first_and_waits_for_its_port()
    {
        var session = Sessions.New();

        var plan = Plan(session, With(WorkerMediaMode.NodePort));

        Assert.DoesNotContain(plan.Actions, a => a is CreatePod);
        var media = plan.Actions.OfType<CreateService>().Select(a => a.Service).Single(s => s.Spec.Type == "NodePort");
        Assert.Equal(WorkerResources.MediaServiceName("talk"), media.Metadata.Name);
        var port = Assert.Single(media.Spec.Ports);
        Assert.Equal(("UDP", 40000), (port.Protocol, port.Port));
        Assert.Equal("Local", media.Spec.ExternalTrafficPolicy);
        Assert.True(Assert.Single(media.Metadata.OwnerReferences).Controller);
        var worker = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.WorkerReady)!;
        Assert.Equal(ConditionReasons.WaitingForMediaAddress, worker.Reason);
    }

    [Fact]
    public void Once_the_service_has_its_node_port_the_worker_advertises_it_on_the_node_address()
    {
        var session = Sessions.New();
        var media = MediaReachability.Service(session, new WorkerMedia(WorkerMediaMode.NodePort, null, 40000, new Dictionary<string, string>()), "NodePort");
        media.Spec.Ports[0].NodePort = 31234;

        var plan = Plan(session, With(WorkerMediaMode.NodePort), media);

        var pod = Assert.Single(plan.Actions.OfType<CreatePod>()).Pod;
        var env = Env(pod);
        Assert.Equal("40000", env[WorkerEnvironment.MediaPort].Value);
        Assert.Equal("31234", env[WorkerEnvironment.MediaAdvertisedPort].Value);
        Assert.Equal("status.hostIP", FieldPath(env[WorkerEnvironment.MediaAdvertisedAddress]));
        Assert.Contains(Assert.Single(pod.Spec.Containers).Ports, p => p.Protocol == "UDP" && p.ContainerPort == 40000);
        Assert.DoesNotContain(plan.Actions, a => a is CreateService);
    }

    [Fact]
    public void Load_balancer_mode_waits_for_an_ingress_address_without_polling()
    {
        var annotations = new Dictionary<string, string> { ["service.beta.kubernetes.io/aws-load-balancer-type"] = "nlb" };

        var plan = Plan(Sessions.New(), With(WorkerMediaMode.LoadBalancer, annotations: annotations));

        Assert.DoesNotContain(plan.Actions, a => a is CreatePod);
        var media = plan.Actions.OfType<CreateService>().Select(a => a.Service).Single(s => s.Spec.Type == "LoadBalancer");
        Assert.Equal("nlb", media.Metadata.Annotations["service.beta.kubernetes.io/aws-load-balancer-type"]);
        Assert.Equal("UDP", Assert.Single(media.Spec.Ports).Protocol);

        // Converged with the Service there and still no address: the Service's watch event, not a timer, comes next.
        var waiting = Plan(Sessions.New(), With(WorkerMediaMode.LoadBalancer, annotations: annotations), media);
        Assert.True(waiting.Converged);
        Assert.True(waiting.RequeueAfter > TimeSpan.FromMinutes(1));
        Assert.Contains("external address", Conditions.Find(waiting.StatusPatch!.Conditions, ConditionTypes.WorkerReady)!.Message);
    }

    [Theory]
    [InlineData("198.51.100.4", null, "198.51.100.4")]
    [InlineData(null, "abc.elb.example.com", "abc.elb.example.com")]
    public void Once_the_load_balancer_has_an_address_the_worker_advertises_it_and_the_service_port(string? ip, string? hostname, string advertised)
    {
        var session = Sessions.New();
        var media = MediaReachability.Service(session, new WorkerMedia(WorkerMediaMode.LoadBalancer, null, 40000, new Dictionary<string, string>()), "LoadBalancer");
        media.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = ip, Hostname = hostname }] } };

        var env = Env(Assert.Single(Plan(session, With(WorkerMediaMode.LoadBalancer), media).Actions.OfType<CreatePod>()).Pod);

        Assert.Equal(advertised, env[WorkerEnvironment.MediaAdvertisedAddress].Value);
        Assert.Equal("40000", env[WorkerEnvironment.MediaAdvertisedPort].Value);
    }

    [Fact]
    public void Turn_mode_advertises_the_pod_ip_for_the_relay_to_reach()
    {
        var plan = Plan(Sessions.New(), With(WorkerMediaMode.Turn));

        var env = Env(Assert.Single(plan.Actions.OfType<CreatePod>()).Pod);
        Assert.Equal("status.podIP", FieldPath(env[WorkerEnvironment.MediaAdvertisedAddress]));
        Assert.Equal("0.0.0.0", env[WorkerEnvironment.MediaAddress].Value);
        Assert.Single(plan.Actions.OfType<CreateService>());
    }

    [Fact]
    public void Changing_the_media_mode_replaces_the_worker_pod()
    {
        var session = Sessions.New();
        var defaultPod = Assert.Single(Plan(session, Sessions.Settings).Actions.OfType<CreatePod>()).Pod;
        var turnPod = Assert.Single(Plan(session, With(WorkerMediaMode.Turn)).Actions.OfType<CreatePod>()).Pod;

        Assert.NotEqual(defaultPod.Metadata.Annotations[WorkerLabels.ConfigHash], turnPod.Metadata.Annotations[WorkerLabels.ConfigHash]);
    }

    [Fact]
    public void The_media_service_name_is_a_dns_label_distinct_from_the_http_service()
    {
        var longName = new string('a', 70);

        Assert.NotEqual(WorkerResources.ServiceName("talk"), WorkerResources.MediaServiceName("talk"));
        Assert.True(WorkerResources.MediaServiceName(longName).Length <= 63);
        Assert.StartsWith("s", WorkerResources.MediaServiceName("1talk"));
    }
}
