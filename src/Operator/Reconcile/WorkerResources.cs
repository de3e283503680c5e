using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>The MediaWorker Pod and Service a session wants, built from its spec and its channels.</summary>
public static class WorkerResources
{
    public const string ContainerName = "media-worker";
    public const string HttpPortName = "http";

    /// <summary>Pod name: the session name plus "-worker", shortened with a hash when needed.</summary>
    public static string PodName(string session) => ShortName(session, "-worker", 253);

    /// <summary>Service names are DNS-1035 labels: at most 63 characters, starting with a letter.</summary>
    public static string ServiceName(string session) => ShortName(char.IsAsciiLetter(session[0]) ? session : "s" + session, "-worker", 63);

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
        WorkerSettings settings)
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
            Var(WorkerEnvironment.MaxListeners, (spec.MaxListeners ?? 500).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Var(WorkerEnvironment.HttpPort, settings.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (provider == ChannelProvider.Embedded && settings.SignalingInsecureTls)
        {
            env.Add(Var(WorkerEnvironment.SignalingInsecureTls, "true"));
        }
        if (provider == ChannelProvider.Embedded && settings.SignalingCredentialsFile is { Length: > 0 } file)
        {
            env.Add(Var(WorkerEnvironment.AwsCredentialsFile, file));
            if (settings.SignalingProfile is { Length: > 0 } profile)
            {
                env.Add(Var(WorkerEnvironment.AwsProfile, profile));
            }
        }
        return env;
    }

    public static string ConfigHash(IEnumerable<V1EnvVar> env, string image)
    {
        var text = JsonSerializer.Serialize(env.Select(e => new[] { e.Name, e.Value }).Append([image]));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static V1Pod Pod(BroadcastSession session, List<V1EnvVar> env, WorkerSettings settings)
    {
        var probe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = HttpPortName },
            PeriodSeconds = 5,
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName(session.Metadata.Name),
                NamespaceProperty = session.Metadata.NamespaceProperty,
                Labels = Labels(session),
                Annotations = new Dictionary<string, string> { [WorkerLabels.ConfigHash] = ConfigHash(env, settings.Image) },
                OwnerReferences = [OwnerReference(session)],
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Always",
                Containers =
                [
                    new V1Container
                    {
                        Name = ContainerName,
                        Image = settings.Image,
                        Env = env,
                        Ports = [new V1ContainerPort { Name = HttpPortName, ContainerPort = settings.HttpPort, Protocol = "TCP" }],
                        ReadinessProbe = probe,
                        LivenessProbe = probe,
                    },
                ],
            },
        };
    }

    public static V1Service Service(BroadcastSession session, WorkerSettings settings) => new()
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
            Selector = new Dictionary<string, string>
            {
                [WorkerLabels.Component] = WorkerLabels.ComponentValue,
                [WorkerLabels.Session] = session.Metadata.Name,
            },
            Ports = [new V1ServicePort { Name = HttpPortName, Port = settings.HttpPort, TargetPort = HttpPortName, Protocol = "TCP" }],
        },
    };

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == Conditions.True) == true;

    private static V1EnvVar Var(string name, string value) => new() { Name = name, Value = value };

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
