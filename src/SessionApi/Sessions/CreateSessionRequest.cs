namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Body of POST /sessions. Enum-like fields are strings so a bad value is reported by field name.</summary>
public sealed record CreateSessionRequest(
    string? SourceLanguage,
    List<string>? TargetLanguages,
    string? QualityTier = null,
    EnginesRequest? Engines = null,
    Dictionary<string, string>? Voices = null,
    int? TtlSeconds = null,
    int? MaxListeners = null);

/// <summary>Engine per stage: local or aws.</summary>
public sealed record EnginesRequest(string? Asr = null, string? Translation = null, string? Tts = null);

/// <summary>Body of POST /sessions/{id}/join.</summary>
public sealed record JoinRequest(string? Language);
