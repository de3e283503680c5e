namespace BroadcastOperator.Signaling.Hosting;

/// <summary>Source-generated log messages of the service.</summary>
public static partial class SignalingLog
{
    [LoggerMessage(1, LogLevel.Information, "Operator credentials written to {Path} (profile {Profile})")]
    public static partial void CredentialsWritten(ILogger logger, string path, string profile);

    [LoggerMessage(2, LogLevel.Warning, "No Signaling:ScopedCredentialRootKey configured: a random key is used, so credentials minted elsewhere will be refused")]
    public static partial void RandomRootKey(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "{Role} {ClientId} connected to {Channel} over {Protocol}")]
    public static partial void Connected(ILogger logger, string role, string clientId, string channel, string protocol);

    [LoggerMessage(4, LogLevel.Information, "{Role} {ClientId} left {Channel}: {Reason}")]
    public static partial void Disconnected(ILogger logger, string role, string clientId, string channel, string reason);

    [LoggerMessage(5, LogLevel.Information, "Request refused ({Reason}): {Detail}")]
    public static partial void Refused(ILogger logger, string reason, string detail);

    [LoggerMessage(6, LogLevel.Information, "Channel {Channel} {Change}")]
    public static partial void ChannelChanged(ILogger logger, string channel, string change);

    [LoggerMessage(7, LogLevel.Information, "Signaling listening on {Url}")]
    public static partial void Listening(ILogger logger, string url);
}
