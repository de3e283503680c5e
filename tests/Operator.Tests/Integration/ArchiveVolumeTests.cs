using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Integration;

/// <summary>Where an archiving worker's files live in a cluster, against the embedded API server: a claim per session or a shared one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ArchiveVolumeTests(ClusterFixture cluster)
{
    private const string Root = "/var/lib/broadcast/archive";

    [Fact]
    public async Task Per_session_the_operator_creates_a_claim_mounts_it_in_the_worker_and_keeps_it_after_the_session()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:Worker:ArchiveVolume:Mode"] = "perSession",
            ["Operator:Worker:ArchiveVolume:Size"] = "5Gi",
            ["Operator:Worker:ArchiveVolume:StorageClass"] = "fast",
            ["Operator:Worker:ArchiveGracePeriod"] = "00:00:02",
        });
        await scope.CreateSessionAsync("recorded", new ArchiveSpec { RetentionDays = 9 }, "en", "es");
        await scope.CreateSessionAsync("unrecorded", "en", "es");

        var pod = await Eventually.GetAsync(() => scope.GetPodAsync("recorded"), p => p is not null, "worker pod created");
        var claim = await scope.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("recorded-archive", scope.Namespace);

        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("5Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("fast", claim.Spec.StorageClassName);
        Assert.Equal("9", claim.Metadata.Annotations["broadcast.dev/archive-retention-days"]);
        Assert.Null(claim.Metadata.OwnerReferences); // the archive outlives the session
        AssertMounted(pod!, "recorded-archive");

        var plain = await Eventually.GetAsync(() => scope.GetPodAsync("unrecorded"), p => p is not null, "worker pod of the session without an archive");
        Assert.DoesNotContain(plain!.Spec.Volumes, v => v.Name == WorkerResources.ArchiveVolumeName);
        var claims = await scope.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(scope.Namespace);
        Assert.Equal(["recorded-archive"], claims.Items.Select(c => c.Metadata.Name));

        await scope.DeleteSessionAsync("recorded");
        await Eventually.GetAsync(() => scope.GetSessionAsync("recorded"), s => s is null, "session gone");
        Assert.NotNull(await scope.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("recorded-archive", scope.Namespace));
    }

    [Fact]
    public async Task A_shared_claim_is_mounted_in_every_archiving_worker_and_none_is_created()
    {
        var scope = await SessionScope.CreateAsync(cluster);
        await using var op = await OperatorInstance.StartAsync(cluster, scope.Namespace, settings: new Dictionary<string, string?>
        {
            ["Operator:Worker:ArchiveVolume:Mode"] = "shared",
            ["Operator:Worker:ArchiveVolume:ClaimName"] = "broadcast-archive",
        });
        await scope.CreateSessionAsync("first", new ArchiveSpec(), "en", "es");
        await scope.CreateSessionAsync("second", new ArchiveSpec(), "en", "es");

        AssertMounted((await Eventually.GetAsync(() => scope.GetPodAsync("first"), p => p is not null, "first worker"))!, "broadcast-archive");
        AssertMounted((await Eventually.GetAsync(() => scope.GetPodAsync("second"), p => p is not null, "second worker"))!, "broadcast-archive");
        Assert.Empty((await scope.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(scope.Namespace)).Items);
    }

    private static void AssertMounted(V1Pod pod, string claim)
    {
        var volume = Assert.Single(pod.Spec.Volumes, v => v.Name == WorkerResources.ArchiveVolumeName);
        Assert.Equal(claim, volume.PersistentVolumeClaim.ClaimName);
        var mount = Assert.Single(pod.Spec.Containers[0].VolumeMounts, m => m.Name == WorkerResources.ArchiveVolumeName);
        Assert.Equal(Root, mount.MountPath);
        // The worker writes under the mount: {root}/{namespace}/{session}.
        var directory = pod.Spec.Containers[0].Env.Single(e => e.Name == BroadcastOperator.Shared.Worker.WorkerEnvironment.ArchiveDirectory).Value;
        Assert.StartsWith(Root + "/", directory, StringComparison.Ordinal);
    }
}
