namespace BroadcastOperator.MediaWorker.Media;

/// <summary>What <see cref="SignalingRetryScheduler"/> logs.</summary>
internal static partial class SignalingRetryLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "signaling refused {Action} to {Recipient} of {Language} ({ErrorType}); sending it again in {DelayMs:F0} ms")]
    public static partial void Refused(ILogger logger, string action, string recipient, string language, string errorType, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gave up {Action} to {Recipient} of {Language} after {Attempts} sends: {Why}")]
    public static partial void GaveUp(ILogger logger, string action, string recipient, string language, int attempts, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action} to {Recipient} of {Language} not refused in its lifetime: presumed delivered")]
    public static partial void PresumedDelivered(ILogger logger, string action, string recipient, string language);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sending {Action} to {Recipient} of {Language} failed, it goes on the next connection: {Error}")]
    public static partial void SendFailed(ILogger logger, string action, string recipient, string language, string error);
}
