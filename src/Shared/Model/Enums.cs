using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Model;

[JsonConverter(typeof(JsonStringEnumConverter<QualityTier>))]
public enum QualityTier
{
    [JsonStringEnumMemberName("standard")] Standard,
    [JsonStringEnumMemberName("premium")] Premium,
}

[JsonConverter(typeof(JsonStringEnumConverter<EngineKind>))]
public enum EngineKind
{
    [JsonStringEnumMemberName("local")] Local,
    [JsonStringEnumMemberName("aws")] Aws,
}

[JsonConverter(typeof(JsonStringEnumConverter<ChannelProvider>))]
public enum ChannelProvider
{
    [JsonStringEnumMemberName("embedded")] Embedded,
    [JsonStringEnumMemberName("kvs")] Kvs,
}

[JsonConverter(typeof(JsonStringEnumConverter<SessionPhase>))]
public enum SessionPhase
{
    Pending,
    Provisioning,
    Active,
    /// <summary>Was running, but its worker crashed and is being restarted (the Pod's restartCount rose); Active again once ready.</summary>
    Degraded,
    Terminating,
    Failed,
    Expired,
}

[JsonConverter(typeof(JsonStringEnumConverter<ArchiveAudioTrack>))]
public enum ArchiveAudioTrack
{
    /// <summary>The speaker's Opus packets as received.</summary>
    [JsonStringEnumMemberName("source")] Source,

    /// <summary>Each target language's synthesized speech.</summary>
    [JsonStringEnumMemberName("translated")] Translated,
}
