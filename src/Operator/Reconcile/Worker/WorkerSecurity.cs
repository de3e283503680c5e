using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>
/// The worker container runs as the image's non-root user with nothing it does not need: no root,
/// no privilege escalation, no capabilities, the runtime's seccomp profile, a read-only root
/// filesystem with a writable /tmp (the .NET runtime's diagnostics socket and the speech engines'
/// scratch files go there).
/// </summary>
public static class WorkerSecurity
{
    /// <summary>The `app` user of deploy/docker/media-worker/Dockerfile.</summary>
    public const long UserId = 1654;

    public const string TmpVolume = "tmp";

    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = UserId,
        RunAsGroup = UserId,
        FsGroup = UserId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = UserId,
        RunAsGroup = UserId,
        ReadOnlyRootFilesystem = true,
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1Volume Tmp() => new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } };

    public static V1VolumeMount TmpMount() => new() { Name = TmpVolume, MountPath = "/tmp" };
}
