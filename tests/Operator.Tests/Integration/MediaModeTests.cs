using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Worker;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>The media modes against the embedded API server: the UDP Service comes first and the worker follows its address.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MediaModeTests(ClusterFixture cluster)
{
    [Fact]
    public async Task In_load_balancer_mode_the_worker_starts_once_its_service_has_an_address_and_advertises_it()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:Worker:Media:Mode"] = "loadBalancer",
            ["Operator:Worker:Media:ServiceAnnotations:0:Name"] = "example.com/lb-type",
            ["Operator:Worker:Media:ServiceAnnotations:0:Value"] = "udp",
            ["Operator:Worker:ServiceAccountName"] = "media-worker",
        });
        await scope.CreateSessionAsync("wide", "en", "es");
        var mediaName = WorkerResources.MediaServiceName("wide");

        var media = await Eventually.GetAsync(() => ReadServiceAsync(scope, mediaName), s => s is not null, "media Service created");
        Assert.Equal("LoadBalancer", media!.Spec.Type);
        Assert.Equal("udp", media.Metadata.Annotations["example.com/lb-type"]);
        var waiting = await Eventually.GetAsync(() => scope.GetSessionAsync("wide"),
            s => Conditions.Find(s?.Status?.Conditions, ConditionTypes.WorkerReady)?.Reason == ConditionReasons.WaitingForMediaAddress, "waiting for the address");
        Assert.Contains(mediaName, Conditions.Find(waiting!.Status!.Conditions, ConditionTypes.WorkerReady)!.Message);
        Assert.Null(await scope.GetPodAsync("wide"));

        // What a cloud's service controller does once the load balancer is up.
        media.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "198.51.100.4" }] } };
        await scope.Client.CoreV1.ReplaceNamespacedServiceStatusAsync(media, mediaName, scope.Namespace);

        var pod = await Eventually.GetAsync(() => scope.GetPodAsync("wide"), p => p is not null, "worker pod after the address");
        var env = pod!.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("198.51.100.4", env[WorkerEnvironment.MediaAdvertisedAddress]);
        Assert.Equal("40000", env[WorkerEnvironment.MediaAdvertisedPort]);
        Assert.Equal("media-worker", pod.Spec.ServiceAccountName);
    }

    private static async Task<V1Service?> ReadServiceAsync(SessionScope scope, string name) =>
        (await scope.Client.CoreV1.ListNamespacedServiceAsync(scope.Namespace)).Items.FirstOrDefault(s => s.Metadata.Name == name);
}
