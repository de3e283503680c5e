using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>The MediaWorker Pod and Service a session wants, built from its spec and its channels.</summary>
public static class WorkerResources
{
    public const string ContainerName = "media-worker";
    public const string HttpPortName = "http";

    /// <summary>Pod name: the session name plus "-worker", shortened with a hash when needed.</summary>
    public static string PodName(string session) => ShortName(session, "-worker", 253);

    /// <summary>Service names are DNS-1035 labels: at most 63 characters, starting with a letter.</summary>
    public static string ServiceName(string session) => ShortName(char.IsAsciiLetter(session[0]) ? session : "s" + session, "-worker", 63);

    /// <summary>The per-worker UDP Service of the nodePort and loadBalancer media modes.</summary>
    public static string MediaServiceName(string session) => ShortName(char.IsAsciiLetter(session[0]) ? session : "s" + session, "-media", 63);

    public static V1OwnerReference OwnerReference(BroadcastSession session) => new()
    {
        ApiVersion = BroadcastSession.ApiVersionString,
        Kind = BroadcastSession.KindName,
        Name = session.Metadata.Name,
        Uid = session.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static Dictionary<string, string> Labels(BroadcastSession session) => new()
    {
        [WorkerLabels.Component] = WorkerLabels.ComponentValue,
        [WorkerLabels.ManagedBy] = WorkerLabels.ManagedByValue,
        [WorkerLabels.Session] = session.Metadata.Name,
    };

    /// <summary>The worker's environment, in a fixed order so its hash is stable.</summary>
    public static List<V1EnvVar> Environment(BroadcastSession session, ChannelRecord source, IReadOnlyList<(string Language, ChannelRecord Channel)> languages,
        WorkerPodSettings settings)
    {
        var spec = session.Spec;
        var provider = spec.ChannelProvider ?? ChannelProvider.Embedded;
        var channels = new JsonArray(languages.Select(l => (JsonNode)new JsonObject
        {
            ["language"] = l.Language,
            ["name"] = l.Channel.Name,
            ["arn"] = l.Channel.Arn,
            ["wss"] = l.Channel.Master?.Wss,
            ["https"] = l.Channel.Master?.Https,
        }).ToArray());
        var voices = new JsonObject();
        foreach (var (language, voice) in (spec.Voices ?? []).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            voices[language] = voice;
        }
        var env = new List<V1EnvVar>
        {
            Var(WorkerEnvironment.SessionName, session.Metadata.Name),
            Var(WorkerEnvironment.SessionNamespace, session.Metadata.NamespaceProperty),
            Var(WorkerEnvironment.SourceLanguage, spec.SourceLanguage),
            Var(WorkerEnvironment.TargetLanguages, string.Join(',', spec.TargetLanguages)),
            Var(WorkerEnvironment.SourceChannelName, source.Name),
            Var(WorkerEnvironment.SourceChannelArn, source.Arn),
            Var(WorkerEnvironment.SourceChannelWss, source.Viewer?.Wss ?? ""),
            Var(WorkerEnvironment.SourceChannelHttps, source.Viewer?.Https ?? ""),
            Var(WorkerEnvironment.LanguageChannels, channels.ToJsonString()),
            Var(WorkerEnvironment.ChannelProvider, provider == ChannelProvider.Kvs ? "kvs" : "embedded"),
            Var(WorkerEnvironment.Region, provider == ChannelProvider.Kvs ? settings.KvsRegion ?? "" : settings.EmbeddedRegion),
            Var(WorkerEnvironment.QualityTier, spec.QualityTier == QualityTier.Premium ? "premium" : "standard"),
            Var(WorkerEnvironment.AsrEngine, EngineName(spec.Engines?.Asr)),
            Var(WorkerEnvironment.TranslationEngine, EngineName(spec.Engines?.Translation)),
            Var(WorkerEnvironment.TtsEngine, EngineName(spec.Engines?.Tts)),
            Var(WorkerEnvironment.Voices, voices.ToJsonString()),
            Var(WorkerEnvironment.MaxListeners, (spec.MaxListeners ?? BroadcastSessionSpec.DefaultMaxListeners).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Var(WorkerEnvironment.SpeakerGraceSeconds, (spec.SpeakerGracePeriodSeconds ?? 30).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Var(WorkerEnvironment.HttpPort, settings.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (provider == ChannelProvider.Embedded && settings.SignalingInsecureTls)
        {
            env.Add(Var(WorkerEnvironment.SignalingInsecureTls, "true"));
        }
        if (provider == ChannelProvider.Embedded && settings.SignalingCredentialsSecret is { } secret)
        {
            env.Add(SecretVar(WorkerEnvironment.AwsAccessKeyId, secret, "access-key-id"));
            env.Add(SecretVar(WorkerEnvironment.AwsSecretAccessKey, secret, "secret-access-key"));
        }
        if (provider == ChannelProvider.Embedded && settings.SignalingCredentialsFile is { Length: > 0 } file)
        {
            env.Add(Var(WorkerEnvironment.AwsCredentialsFile, file));
            if (settings.SignalingProfile is { Length: > 0 } profile)
            {
                env.Add(Var(WorkerEnvironment.AwsProfile, profile));
            }
        }
        env.AddRange(ArchiveEnvironment(session, settings));
        env.AddRange(ExpressionEnvironment(session));
        env.AddRange(AudioQualityEnvironment(settings));
        return env;
    }

    /// <summary>The quality thresholds set for the installation, in a fixed order; none set: the worker's defaults.</summary>
    public static IEnumerable<V1EnvVar> AudioQualityEnvironment(WorkerPodSettings settings) =>
        AudioQualityThresholds.All
            .Where(t => settings.AudioQuality.ContainsKey(t.Setting))
            .Select(t => Var(t.Variable, AudioQualityThreshold.Format(settings.AudioQuality[t.Setting])));

    /// <summary>spec.expression as the worker reads it, defaults written out so the Pod says what the session runs with.</summary>
    public static IEnumerable<V1EnvVar> ExpressionEnvironment(BroadcastSession session)
    {
        var expression = session.Spec.Expression ?? new ExpressionSpec();
        yield return Var(WorkerEnvironment.ExpressionEnabled, expression.IsEnabled ? "true" : "false");
        yield return Var(WorkerEnvironment.ExpressionIntensity, expression.Strength.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>spec.archive as the worker reads it; nothing when the session keeps no archive.</summary>
    public static IEnumerable<V1EnvVar> ArchiveEnvironment(BroadcastSession session, WorkerPodSettings settings)
    {
        if (session.Spec.Archive is not { IsEnabled: true } archive)
        {
            yield break;
        }
        var audio = new List<string>();
        if (archive.KeepsSourceAudio)
        {
            audio.Add("source");
        }
        if (archive.KeepsTranslatedAudio)
        {
            audio.Add("translated");
        }
        yield return Var(WorkerEnvironment.ArchiveDirectory,
            $"{settings.ArchiveDirectory.TrimEnd('/')}/{session.Metadata.NamespaceProperty}/{session.Metadata.Name}");
        yield return Var(WorkerEnvironment.ArchiveTranscripts, archive.KeepsTranscripts ? "true" : "false");
        yield return Var(WorkerEnvironment.ArchiveAudio, string.Join(',', audio));
        yield return Var(WorkerEnvironment.ArchiveRetentionDays, archive.Retention.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return Var(WorkerEnvironment.SpeakerId, session.Spec.SpeakerId);
        if (settings.ArchiveS3 is { } s3)
        {
            // AWS mode: the folder above is the worker's scratch copy; the bucket and prefix are the operator's settings.
            yield return Var(WorkerEnvironment.ArchiveS3Bucket, s3.Bucket);
            yield return Var(WorkerEnvironment.ArchiveS3Prefix, $"{s3.Prefix}{session.Metadata.NamespaceProperty}/{session.Metadata.Name}/");
            yield return Var(WorkerEnvironment.ArchiveS3Region, s3.Region);
            yield return Var(WorkerEnvironment.ArchiveS3Encryption, s3.ServerSideEncryption);
            if (s3.KmsKeyId is { Length: > 0 } kms)
            {
                yield return Var(WorkerEnvironment.ArchiveS3KmsKeyId, kms);
            }
            if (s3.ServiceUrl is { Length: > 0 } url)
            {
                yield return Var(WorkerEnvironment.ArchiveS3Endpoint, url);
            }
        }
    }

    /// <summary>What the worker Services select: the session's worker pod.</summary>
    public static Dictionary<string, string> Selector(BroadcastSession session) => new()
    {
        [WorkerLabels.Component] = WorkerLabels.ComponentValue,
        [WorkerLabels.Session] = session.Metadata.Name,
    };

    /// <summary>Hash of everything that needs a new pod when it changes; a field reference counts by its path.</summary>
    public static string ConfigHash(IEnumerable<V1EnvVar> env, string podShape)
    {
        var text = JsonSerializer.Serialize(env.Select(e => new[]
        {
            e.Name, e.Value ?? e.ValueFrom?.FieldRef?.FieldPath ?? (e.ValueFrom?.SecretKeyRef is { } key ? $"secret:{key.Name}/{key.Key}" : null),
        }).Append([podShape]));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The worker pod; <paramref name="media"/> adds the media variables and host networking of the media mode.</summary>
    public static V1Pod Pod(BroadcastSession session, List<V1EnvVar> env, WorkerPodSettings settings, MediaPlan? media = null)
    {
        var probe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = HttpPortName },
            PeriodSeconds = 5,
        };
        var allEnv = env.Concat(media?.Env ?? []).ToList();
        var ports = new List<V1ContainerPort> { new() { Name = HttpPortName, ContainerPort = settings.HttpPort, Protocol = "TCP" } };
        if (media is { Env.Count: > 0 } && settings.Media.Port > 0)
        {
            ports.Add(new V1ContainerPort { Name = MediaReachability.PortName, ContainerPort = settings.Media.Port, Protocol = "UDP" });
        }
        var hostNetwork = media?.HostNetwork == true;
        // Fixed amounts from the operator's settings, else what this session needs.
        var resources = settings.Resources ?? WorkerSizing.For(session.Spec);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName(session.Metadata.Name),
                NamespaceProperty = session.Metadata.NamespaceProperty,
                Labels = Labels(session),
                Annotations = new Dictionary<string, string> { [WorkerLabels.ConfigHash] = ConfigHash(allEnv, PodShape(settings, resources, hostNetwork)) },
                OwnerReferences = [OwnerReference(session)],
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Always",
                // An archiving worker gets the whole archive grace period to end its files after SIGTERM.
                TerminationGracePeriodSeconds = session.Spec.Archive is { IsEnabled: true }
                    ? Math.Max(30, (long)Math.Ceiling(settings.ArchiveGracePeriod.TotalSeconds)) : null,
                ServiceAccountName = settings.ServiceAccountName,
                // The worker patches its session's status with its ServiceAccount's token.
                AutomountServiceAccountToken = true,
                HostNetwork = hostNetwork ? true : null,
                DnsPolicy = hostNetwork ? "ClusterFirstWithHostNet" : null,
                SecurityContext = WorkerSecurity.Pod(),
                Containers =
                [
                    new V1Container
                    {
                        Name = ContainerName,
                        Image = settings.Image,
                        Env = allEnv,
                        Ports = ports,
                        ReadinessProbe = probe,
                        LivenessProbe = probe,
                        Resources = resources,
                        SecurityContext = WorkerSecurity.Container(),
                        VolumeMounts = ArchiveMount(session, settings) is { } mount ? [WorkerSecurity.TmpMount(), mount] : [WorkerSecurity.TmpMount()],
                    },
                ],
                Volumes = ArchiveVolumeOf(session, settings) is { } volume ? [WorkerSecurity.Tmp(), volume] : [WorkerSecurity.Tmp()],
            },
        };
    }

    public const string ArchiveVolumeName = "archive";

    /// <summary>The per-session archive claim's name: it outlives the session (no owner reference), as the archive does.</summary>
    public static string ArchiveClaimName(string session) => $"{session}-archive";

    /// <summary>The claim the worker's archive volume names, when the session archives to a volume.</summary>
    private static V1Volume? ArchiveVolumeOf(BroadcastSession session, WorkerPodSettings settings) =>
        session.Spec.Archive is { IsEnabled: true } && settings.ArchiveVolume is { } volume
            ? new V1Volume
            {
                Name = ArchiveVolumeName,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = volume.SharedClaim ?? ArchiveClaimName(session.Metadata.Name) },
            }
            : null;

    /// <summary>Mounted at the archive root: the worker writes {root}/{namespace}/{session} on it.</summary>
    private static V1VolumeMount? ArchiveMount(BroadcastSession session, WorkerPodSettings settings) =>
        ArchiveVolumeOf(session, settings) is not null ? new V1VolumeMount { Name = ArchiveVolumeName, MountPath = settings.ArchiveDirectory } : null;

    /// <summary>
    /// The per-session claim an archiving session's worker needs (null with a shared claim or no volume): ReadWriteOnce, of
    /// the configured size and class, labelled with its session but not owned by it, so deleting the session keeps it.
    /// </summary>
    public static V1PersistentVolumeClaim? ArchiveClaim(BroadcastSession session, WorkerPodSettings settings) =>
        session.Spec.Archive is { IsEnabled: true } && settings.ArchiveVolume is { SharedClaim: null } volume
            ? new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta
                {
                    Name = ArchiveClaimName(session.Metadata.Name),
                    NamespaceProperty = session.Metadata.NamespaceProperty,
                    Labels = Labels(session),
                    Annotations = new Dictionary<string, string>
                    {
                        ["broadcast.dev/archive-retention-days"] = session.Spec.Archive.Retention.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = volume.StorageClass,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(volume.Size) } },
                },
            }
            : null;

    /// <summary>The pod settings besides its environment that a change of should replace the pod for.</summary>
    private static string PodShape(WorkerPodSettings settings, V1ResourceRequirements resources, bool hostNetwork) =>
        JsonSerializer.Serialize(new object?[]
        {
            settings.Image, settings.ServiceAccountName, hostNetwork,
            resources.Requests?.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"),
            resources.Limits?.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"),
        }.Concat(settings.ArchiveVolume is { } volume ? [volume.SharedClaim ?? "per-session"] : []).ToArray());

    public static V1Service Service(BroadcastSession session, WorkerPodSettings settings) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = ServiceName(session.Metadata.Name),
            NamespaceProperty = session.Metadata.NamespaceProperty,
            Labels = Labels(session),
            OwnerReferences = [OwnerReference(session)],
        },
        Spec = new V1ServiceSpec
        {
            Selector = Selector(session),
            Ports = [new V1ServicePort { Name = HttpPortName, Port = settings.HttpPort, TargetPort = HttpPortName, Protocol = "TCP" }],
        },
    };

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == Conditions.True) == true;

    /// <summary>
    /// The worker's crash as the kubelet reports it, while its container is not ready: the exit code of the run that ended
    /// (waiting in back-off, the run is in lastState; restarted and starting, restartCount is above zero) and how often it
    /// was restarted; null when it never ended or is ready again.
    /// </summary>
    public static (int RestartCount, int ExitCode)? Crash(V1Pod pod)
    {
        var container = pod.Status?.ContainerStatuses?.FirstOrDefault(c => !c.Ready
            && (c.RestartCount > 0 || c.State?.Terminated is not null || c.LastState?.Terminated is not null));
        if (container is null)
        {
            return null;
        }
        var exit = container.State?.Terminated?.ExitCode ?? container.LastState?.Terminated?.ExitCode ?? 0;
        return (container.RestartCount, exit);
    }

    private static V1EnvVar Var(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar SecretVar(string name, string secret, string key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } } };

    private static string EngineName(EngineKind? kind) => kind == EngineKind.Aws ? "aws" : "local";

    private static string ShortName(string name, string suffix, int max)
    {
        if (name.Length + suffix.Length <= max)
        {
            return name + suffix;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(max - suffix.Length - hash.Length - 1)].TrimEnd('-', '.') + "-" + hash + suffix;
    }
}
