using System.Net;

namespace BroadcastOperator.MediaWorker;

/// <summary>
/// Source-generated log messages of the worker (the retry scheduler's are in <c>Media/SignalingRetryLog.cs</c>).
/// Each keeps the category of the component that logs it: the caller passes its own logger. A list argument is
/// written comma-separated, and only when the message is logged.
/// </summary>
internal static partial class WorkerLog
{
    // The session (Hosting/WorkerHost.cs).

    [LoggerMessage(Level = LogLevel.Information, Message = "session {Namespace}/{Name}: media on udp {EndPoint}, advertised as {Advertised}")]
    public static partial void MediaBound(ILogger logger, string @namespace, string name, IPEndPoint endPoint, IEnumerable<IPEndPoint> advertised);

    [LoggerMessage(Level = LogLevel.Warning, Message = "session {Namespace}/{Name}: every media candidate is a loopback address, which no browser on another "
        + "address can pair with (Firefox on this machine neither); unset {Variable} to bind every interface")]
    public static partial void LoopbackCandidatesOnly(ILogger logger, string @namespace, string name, string variable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "session {Name}: translation warm-up failed: {Error}")]
    public static partial void WarmUpFailed(ILogger logger, string name, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "session {Name}: stopped, listeners said goodbye")]
    public static partial void SessionStopped(ILogger logger, string name);

    // Signaling (Media/SignalingConnector.cs).

    [LoggerMessage(Level = LogLevel.Information, Message = "signaling connected to {Channel} as {Role}")]
    public static partial void SignalingConnected(ILogger logger, string channel, Shared.Signaling.ChannelRole role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "signaling to {Channel} closed: {Reason}")]
    public static partial void SignalingClosed(ILogger logger, string channel, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "signaling to {Channel} failed: {Error}")]
    public static partial void SignalingFailed(ILogger logger, string channel, string error);

    // Listeners (Media/LanguageChannelMaster.cs).

    [LoggerMessage(Level = LogLevel.Warning, Message = "viewer {Viewer} of {Language} sent an unusable offer: {Error}")]
    public static partial void UnusableOffer(ILogger logger, string viewer, string language, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "refused viewer {Viewer} of {Language}: the session is full ({Max} listeners)")]
    public static partial void SessionFull(ILogger logger, string viewer, string language, int max);

    [LoggerMessage(Level = LogLevel.Debug, Message = "refusal to viewer {Viewer} of {Language} not sent: {Error}")]
    public static partial void RefusalNotSent(ILogger logger, string viewer, string language, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not answer viewer {Viewer} of {Language}: {Error}")]
    public static partial void AnswerFailed(ILogger logger, string viewer, string language, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "listener {Viewer} of {Language} connected")]
    public static partial void ListenerConnected(ILogger logger, string viewer, string language);

    [LoggerMessage(Level = LogLevel.Information, Message = "the speaker's audio stopped more than {GraceSeconds} s ago: it is gone, its open phrase closed")]
    public static partial void SpeakerGone(ILogger logger, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "listener {Viewer} ({Language}) restarted ICE; its connection is kept")]
    public static partial void ListenerRestartedIce(ILogger logger, string viewer, string language);

    [LoggerMessage(Level = LogLevel.Debug, Message = "closing listener {Viewer}: {Error}")]
    public static partial void ListenerCloseFailed(ILogger logger, string viewer, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "listener {Viewer} of {Language} left")]
    public static partial void ListenerLeft(ILogger logger, string viewer, string language);

    // The speaker (Media/SpeakerIngest.cs).

    [LoggerMessage(Level = LogLevel.Warning, Message = "offer to the speaker failed: {Error}")]
    public static partial void SpeakerOfferFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the speaker's channel is going away")]
    public static partial void SpeakerChannelGoingAway(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "the speaker answered")]
    public static partial void SpeakerAnswered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "the speaker answered again before connecting: offering afresh")]
    public static partial void SpeakerAnsweredAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the speaker's answer was unusable: {Error}")]
    public static partial void SpeakerAnswerUnusable(ILogger logger, string error);

    // Status (Status/MediaStatusWriter.cs).

    [LoggerMessage(Level = LogLevel.Warning, Message = "status update failed: {Error}")]
    public static partial void StatusWriteFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "the speaker's audio quality is now {Reason}: {Detail}")]
    public static partial void AudioQuality(ILogger logger, BroadcastOperator.Speech.Quality.AudioQualityReason reason, string detail);
}
