using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Shared.Model;

/// <summary>
/// One live translated broadcast: the custom resource every component meets on.
/// The operator owns <see cref="BroadcastSessionStatus"/> except its media fields, which the worker owns.
/// </summary>
[CrdNames(Plural = "broadcastsessions", Singular = "broadcastsession", ShortNames = ["bcs"], Categories = ["broadcast"])]
[PrinterColumn("Phase", "string", ".status.phase", Description = "Where the session is in its life")]
[PrinterColumn("Source", "string", ".spec.sourceLanguage", Description = "Language the speaker talks")]
[PrinterColumn("Targets", "string", ".spec.targetLanguages", Description = "Languages listeners can pick")]
[PrinterColumn("Listeners", "integer", ".status.listenerCount", Description = "Listeners connected now")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class BroadcastSession : IKubernetesObject<V1ObjectMeta>, ISpec<BroadcastSessionSpec>, IStatus<BroadcastSessionStatus?>
{
    public const string Group = "broadcast.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "BroadcastSession";
    public const string Plural = "broadcastsessions";
    public const string ApiVersionString = Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiVersionString;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Required]
    public BroadcastSessionSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public BroadcastSessionStatus? Status { get; set; }
}

/// <summary>The list type the Kubernetes API returns for <see cref="BroadcastSession"/>.</summary>
public sealed class BroadcastSessionList : IKubernetesObject<V1ListMeta>, IItems<BroadcastSession>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = BroadcastSession.ApiVersionString;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = BroadcastSession.KindName + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<BroadcastSession> Items { get; set; } = [];
}
