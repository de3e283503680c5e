using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>Sessions and observations for planner tests, without any server.</summary>
public static class Sessions
{
    public static readonly DateTime Created = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    public static readonly PlannerSettings Settings = new(
        new WorkerPodSettings("worker:test", 8080, "us-east-1", null, "/creds", "broadcast-local"),
        ConfiguredLanguagePairPolicy.FromStrings(["en->es", "en->ca"]),
        new HashSet<ChannelProvider> { ChannelProvider.Embedded });

    public static BroadcastSession New(string name = "talk", string ns = "team", string source = "en", string[]? targets = null, bool finalizer = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Uid = "uid-" + name,
            Generation = 1,
            ResourceVersion = "10",
            CreationTimestamp = Created,
            Finalizers = finalizer ? [PlannerSettings.Finalizer] : null,
        },
        Spec = new BroadcastSessionSpec
        {
            SpeakerId = "alice",
            SourceLanguage = source,
            TargetLanguages = [.. targets ?? ["es", "ca"]],
            TtlSeconds = 3600,
        },
    };

    public static ChannelRecord Channel(string name) => new(name, $"arn:aws:kinesisvideo:us-east-1:000000000000:channel/{name}/1",
        true, new ChannelEndpointPair("wss://m.example", "https://m.example"), new ChannelEndpointPair("wss://v.example", "https://v.example"));

    /// <summary>Every channel the session wants, active.</summary>
    public static List<ChannelRecord> AllChannels(BroadcastSession session) =>
        session.Spec.ServedLanguages.Select(l => ChannelNames.ForLanguage(session.Metadata.NamespaceProperty, session.Metadata.Name, l))
            .Append(ChannelNames.Source(session.Metadata.NamespaceProperty, session.Metadata.Name))
            .Select(Channel).ToList();

    public static V1Pod ReadyPod(V1Pod desired)
    {
        desired.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        return desired;
    }

    /// <summary>Applies a plan's status the way the API server would: operator fields merged in.</summary>
    public static void ApplyStatus(BroadcastSession session, SessionPlan plan)
    {
        if (plan.StatusPatch is null)
        {
            return;
        }
        var media = session.Status?.Media;
        var listeners = session.Status?.ListenerCount;
        session.Status = plan.StatusPatch;
        session.Status.Media = media;
        session.Status.ListenerCount = listeners;
    }
}
