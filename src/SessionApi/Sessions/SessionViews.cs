using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Maps a BroadcastSession resource to the <see cref="SessionView"/> frontends read.</summary>
public static class SessionViews
{
    /// <param name="revealSpeaker">Whether the caller may see who speaks (the speaker and admins); listeners may not.</param>
    public static SessionView From(BroadcastSession session, bool revealSpeaker = true)
    {
        var spec = session.Spec;
        var status = session.Status;
        var listeners = status?.Media?.Listeners ?? [];
        var languages = spec.ServedLanguages.Select(language =>
        {
            var channel = status?.Languages?.FirstOrDefault(l => l.Language == language)?.Channel;
            return new SessionLanguageView(language, listeners.GetValueOrDefault(language), channel?.Arn is not null,
                EndpointsOf(channel));
        }).ToList();

        return new SessionView(
            session.Metadata.Name,
            revealSpeaker ? spec.SpeakerId : null,
            PhaseOf(session),
            spec.SourceLanguage,
            spec.TargetLanguages,
            languages,
            status?.ListenerCount ?? listeners.Values.Sum(),
            spec.MaxListeners,
            spec.TtlSeconds,
            spec.ChannelProvider switch { ChannelProvider.Kvs => "kvs", ChannelProvider.Embedded => "embedded", _ => null },
            EndpointsOf(status?.Channel),
            status?.Media?.SpeakerConnected ?? false,
            session.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null,
            status?.ExpiresAt is { } expires ? new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) : null,
            [.. (status?.Conditions ?? []).Where(c => c.Status != "True").Select(c => new ConditionView(c.Type, c.Status, c.Reason, c.Message))]);
    }

    /// <summary>The phase the operator wrote; Terminating as soon as deletion started; Pending before any status.</summary>
    public static string PhaseOf(BroadcastSession session) =>
        session.Metadata.DeletionTimestamp is not null ? nameof(SessionPhase.Terminating)
        : (session.Status?.Phase ?? SessionPhase.Pending).ToString();

    /// <summary>True when the session is over or going away: no new credentials for it.</summary>
    public static bool HasEnded(BroadcastSession session) =>
        PhaseOf(session) is nameof(SessionPhase.Terminating) or nameof(SessionPhase.Expired) or nameof(SessionPhase.Failed);

    private static EndpointsView? EndpointsOf(ChannelStatus? channel) =>
        channel?.Endpoints is { } endpoints ? new EndpointsView(endpoints.Wss, endpoints.Https) : null;
}
