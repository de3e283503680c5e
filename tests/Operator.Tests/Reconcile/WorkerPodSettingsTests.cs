using BroadcastOperator.Operator.Hosting;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>The worker pod's account, resources and security context, as the operator's options set them.</summary>
public sealed class WorkerPodSettingsTests
{
    private static V1Pod PodFor(OperatorOptions options) =>
        WorkerResources.Pod(Sessions.New(), [], OperatorHost.CreateWorkerPodSettings(options));

    private static List<V1EnvVar> EnvironmentFor(OperatorOptions options) =>
        WorkerResources.Environment(Sessions.New(), Sessions.Channel("talk-source"), [("es", Sessions.Channel("talk-es"))],
            OperatorHost.CreateWorkerPodSettings(options));

    private static OperatorOptions Configured()
    {
        var options = new OperatorOptions();
        options.Worker.ServiceAccountName = "bo-media-worker";
        options.Worker.Resources.Requests.Cpu = "500m";
        options.Worker.Resources.Requests.Memory = "256Mi";
        options.Worker.Resources.Limits.Cpu = "2";
        options.Worker.Resources.Limits.Memory = "1Gi";
        return options;
    }

    [Fact]
    public void The_worker_pod_runs_under_the_configured_service_account_with_its_token_mounted()
    {
        var spec = PodFor(Configured()).Spec;

        Assert.Equal("bo-media-worker", spec.ServiceAccountName);
        Assert.True(spec.AutomountServiceAccountToken);
    }

    [Fact]
    public void Workers_read_the_signaling_keys_from_the_configured_secret()
    {
        var options = new OperatorOptions();
        options.Worker.SignalingCredentialsSecret = "bo-credentials";

        var env = EnvironmentFor(options).ToDictionary(e => e.Name);

        Assert.Equal(("bo-credentials", "access-key-id"), (env["AWS_ACCESS_KEY_ID"].ValueFrom.SecretKeyRef.Name, env["AWS_ACCESS_KEY_ID"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal("secret-access-key", env["AWS_SECRET_ACCESS_KEY"].ValueFrom.SecretKeyRef.Key);
        Assert.Null(env["AWS_SECRET_ACCESS_KEY"].Value);
    }

    [Fact]
    public void A_session_with_an_archive_tells_its_worker_the_folder_and_what_to_keep()
    {
        var options = new OperatorOptions();
        options.Worker.ArchiveDirectory = "/srv/archive/";
        var session = Sessions.New();
        session.Spec.Archive = new BroadcastOperator.Shared.Model.ArchiveSpec { Audio = [BroadcastOperator.Shared.Model.ArchiveAudioTrack.Translated] };

        var env = WorkerResources.Environment(session, Sessions.Channel("talk-source"), [("es", Sessions.Channel("talk-es"))],
            OperatorHost.CreateWorkerPodSettings(options)).ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("/srv/archive/team/talk", env["BROADCAST_ARCHIVE_DIR"]);
        Assert.Equal("true", env["BROADCAST_ARCHIVE_TRANSCRIPTS"]);
        Assert.Equal("translated", env["BROADCAST_ARCHIVE_AUDIO"]);
        Assert.Equal("30", env["BROADCAST_ARCHIVE_RETENTION_DAYS"]);
    }

    [Fact]
    public void A_session_without_an_archive_or_with_it_disabled_gets_no_archive_folder()
    {
        Assert.DoesNotContain(EnvironmentFor(new OperatorOptions()), e => e.Name == "BROADCAST_ARCHIVE_DIR");
        var session = Sessions.New();
        session.Spec.Archive = new BroadcastOperator.Shared.Model.ArchiveSpec { Enabled = false };
        Assert.Empty(WorkerResources.ArchiveEnvironment(session, OperatorHost.CreateWorkerPodSettings(new OperatorOptions())));
    }

    [Fact]
    public void Without_a_credentials_secret_no_key_variables_are_set()
    {
        var env = EnvironmentFor(new OperatorOptions());

        Assert.DoesNotContain(env, e => e.Name is "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY");
    }

    [Fact]
    public void Without_a_service_account_setting_the_pod_uses_the_namespace_default()
    {
        Assert.Null(PodFor(new OperatorOptions()).Spec.ServiceAccountName);
    }

    [Fact]
    public void Configured_requests_and_limits_become_the_container_resources()
    {
        var resources = Assert.Single(PodFor(Configured()).Spec.Containers).Resources;

        Assert.Equal("500m", resources.Requests["cpu"].ToString());
        Assert.Equal("256Mi", resources.Requests["memory"].ToString());
        Assert.Equal("2", resources.Limits["cpu"].ToString());
        Assert.Equal("1Gi", resources.Limits["memory"].ToString());
    }

    [Fact]
    public void Unset_amounts_are_left_out_rather_than_sent_empty()
    {
        var options = new OperatorOptions();
        options.Worker.Resources.Limits.Memory = "1Gi";

        var resources = Assert.Single(PodFor(options).Spec.Containers).Resources;

        Assert.Null(resources.Requests);
        Assert.Equal(["memory"], resources.Limits.Keys);
    }

    [Fact]
    public void Without_configured_amounts_the_pod_is_sized_by_its_session()
    {
        var resources = Assert.Single(PodFor(new OperatorOptions()).Spec.Containers).Resources;

        Assert.Equal(WorkerSizing.For(Sessions.New().Spec).Requests["memory"], resources.Requests["memory"]);
        Assert.Equal(WorkerSizing.For(Sessions.New().Spec).Limits["cpu"], resources.Limits["cpu"]);
    }

    [Fact]
    public void The_worker_container_runs_as_the_images_non_root_user_with_no_privileges_and_a_read_only_root()
    {
        var pod = PodFor(new OperatorOptions());
        var container = Assert.Single(pod.Spec.Containers);
        var security = container.SecurityContext;

        Assert.True(security.RunAsNonRoot);
        Assert.Equal(1654, security.RunAsUser);
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
    }

    [Fact]
    public void The_read_only_root_leaves_a_writable_tmp_for_the_runtime_and_the_speech_engines()
    {
        var pod = PodFor(new OperatorOptions());
        var mount = Assert.Single(Assert.Single(pod.Spec.Containers).VolumeMounts);
        var volume = Assert.Single(pod.Spec.Volumes);

        Assert.Equal("/tmp", mount.MountPath);
        Assert.Equal(volume.Name, mount.Name);
        Assert.NotNull(volume.EmptyDir);
    }

    [Fact]
    public void Changing_the_resources_or_account_replaces_the_pod_through_its_config_hash()
    {
        var before = PodFor(Configured()).Metadata.Annotations[WorkerLabels.ConfigHash];
        var moreMemory = Configured();
        moreMemory.Worker.Resources.Limits.Memory = "2Gi";
        var otherAccount = Configured();
        otherAccount.Worker.ServiceAccountName = "other";

        Assert.Equal(before, PodFor(Configured()).Metadata.Annotations[WorkerLabels.ConfigHash]);
        Assert.NotEqual(before, PodFor(moreMemory).Metadata.Annotations[WorkerLabels.ConfigHash]);
        Assert.NotEqual(before, PodFor(otherAccount).Metadata.Annotations[WorkerLabels.ConfigHash]);
    }
}
