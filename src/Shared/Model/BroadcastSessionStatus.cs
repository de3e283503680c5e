using System.Text.Json.Serialization;
using k8s.Models;

namespace BroadcastOperator.Shared.Model;

/// <summary>
/// What the session is. Two writers with disjoint fields, both through JSON merge patches on
/// the status subresource: the operator owns everything but <see cref="Media"/> and
/// <see cref="ListenerCount"/>, which the worker owns.
/// </summary>
public sealed class BroadcastSessionStatus
{
    [JsonPropertyName("phase")]
    public SessionPhase? Phase { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [ListType("map"), ListMapKeys("type")]
    public List<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("channel")]
    public ChannelStatus? Channel { get; set; }

    [JsonPropertyName("languages")]
    [ListType("map"), ListMapKeys("language")]
    public List<LanguageChannelStatus>? Languages { get; set; }

    [JsonPropertyName("worker")]
    public WorkerStatus? Worker { get; set; }

    [JsonPropertyName("expiresAt")]
    public DateTime? ExpiresAt { get; set; }

    [JsonPropertyName("media")]
    public MediaStatus? Media { get; set; }

    [JsonPropertyName("listenerCount")]
    [Minimum(0)]
    public int? ListenerCount { get; set; }

    [JsonPropertyName("archive")]
    public ArchiveStatus? Archive { get; set; }
}

/// <summary>A signaling channel and where to reach it.</summary>
public sealed class ChannelStatus
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("arn")]
    public string? Arn { get; set; }

    [JsonPropertyName("endpoints")]
    public ChannelEndpoints? Endpoints { get; set; }
}

public sealed class ChannelEndpoints
{
    [JsonPropertyName("wss")]
    public string? Wss { get; set; }

    [JsonPropertyName("https")]
    public string? Https { get; set; }
}

/// <summary>The channel of one listener language: the worker is its MASTER, listeners VIEWERs.</summary>
public sealed class LanguageChannelStatus
{
    [JsonPropertyName("language")]
    [Required]
    public string Language { get; set; } = "";

    [JsonPropertyName("channel")]
    public ChannelStatus? Channel { get; set; }
}

public sealed class WorkerStatus
{
    [JsonPropertyName("pod")]
    public string? Pod { get; set; }

    [JsonPropertyName("service")]
    public string? Service { get; set; }

    [JsonPropertyName("ready")]
    public bool? Ready { get; set; }
}

/// <summary>Written by the worker only.</summary>
public sealed class MediaStatus
{
    [JsonPropertyName("listeners")]
    public Dictionary<string, int>? Listeners { get; set; }

    [JsonPropertyName("speakerConnected")]
    public bool? SpeakerConnected { get; set; }

    [JsonPropertyName("latencyMs")]
    public Dictionary<string, LatencySummary>? LatencyMs { get; set; }
}

public sealed class LatencySummary
{
    [JsonPropertyName("p50")]
    public int? P50 { get; set; }

    [JsonPropertyName("p95")]
    public int? P95 { get; set; }
}

/// <summary>Written by the worker only: where the session's archive is and what it holds so far.</summary>
public sealed class ArchiveStatus
{
    /// <summary>Where the files are: a folder on the archive volume, or an s3:// prefix.</summary>
    [JsonPropertyName("location")]
    public string? Location { get; set; }

    /// <summary>True once the worker has written the last byte and the final manifest.</summary>
    [JsonPropertyName("complete")]
    public bool? Complete { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTime? UpdatedAt { get; set; }

    /// <summary>
    /// Why the archive could not be completed (a write, the final flush or the final S3 upload failed), set with complete
    /// false once the worker has given up; what was written is kept. Absent while recording and when complete.
    /// </summary>
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("files")]
    [ListType("map"), ListMapKeys("name")]
    public List<ArchiveFileStatus>? Files { get; set; }
}

public sealed class ArchiveFileStatus
{
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>audio, captions or phrases.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("language")]
    public string? Language { get; set; }

    [JsonPropertyName("bytes")]
    [Minimum(0)]
    public long? Bytes { get; set; }

    [JsonPropertyName("durationSeconds")]
    public double? DurationSeconds { get; set; }
}
