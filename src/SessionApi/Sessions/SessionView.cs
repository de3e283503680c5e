namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>What frontends see of a session. <see cref="SpeakerId"/> only for the speaker and admins.</summary>
public sealed record SessionView(
    string Id,
    string? SpeakerId,
    string Phase,
    string SourceLanguage,
    IReadOnlyList<string> TargetLanguages,
    IReadOnlyList<SessionLanguageView> Languages,
    int ListenerCount,
    int? MaxListeners,
    int? TtlSeconds,
    string? ChannelProvider,
    EndpointsView? Endpoints,
    bool SpeakerConnected,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<ConditionView> Conditions);

/// <summary>One language listeners can pick: its channel's endpoints (once provisioned) and who listens now.</summary>
public sealed record SessionLanguageView(string Language, int Listeners, bool Ready, EndpointsView? Endpoints);

public sealed record EndpointsView(string? Wss, string? Https);

/// <summary>A status condition that is not (yet) true: why the session is not ready or failed.</summary>
public sealed record ConditionView(string Type, string Status, string? Reason, string? Message);
